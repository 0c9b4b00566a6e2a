// Run by OmegaT 3.6 itself: omegat PROJECT --mode=console-translate --script=score.groovy
// After the project loads (its tm/ folder holds the evaluation TM), asks
// OmegaT's own fuzzy matcher (org.omegat.core.statistics.FindMatches, what the
// Matches pane uses) for the matches of every query and writes them out.
// Input OT_QUERIES: one line per case, "id<TAB>base64(query)".
// Output OT_OUT: one line per match, "id<TAB>rank<TAB>score<TAB>scoreNoStem<TAB>adjustedScore<TAB>base64(source)<TAB>base64(translation)";
// a case without any match (none reaches OmegaT's 30 % floor) gets rank 0.
import org.omegat.core.Core
import org.omegat.core.statistics.FindMatches
import org.omegat.core.events.IStopped

if (eventType.toString() != "LOAD") return

def project = Core.getProject()
// maxCount 10, no separate-sentence matching, do not skip identical sources.
def matcher = new FindMatches(project.getSourceTokenizer(), 10, false, false)
def never = { -> false } as IStopped
def b64 = { String s -> s.getBytes("UTF-8").encodeBase64().toString() }
def out = new File(System.getenv("OT_OUT")).newWriter("UTF-8")
new File(System.getenv("OT_QUERIES")).eachLine("UTF-8") { line ->
    def parts = line.split("\t", 2)
    def id = parts[0]
    def query = new String(parts[1].decodeBase64(), "UTF-8")
    def found = matcher.search(project, query, true, false, never)
    if (found.isEmpty()) {
        out << id << "\t0\t\t\t\t\t\n"
    }
    found.eachWithIndex { m, k ->
        def s = m.scores[0]
        out << id << "\t" << (k + 1) << "\t" << s.score << "\t" << s.scoreNoStem << "\t" << s.adjustedScore \
            << "\t" << b64(m.source) << "\t" << b64(m.translation ?: "") << "\n"
    }
}
out.close()
