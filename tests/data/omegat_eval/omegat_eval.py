#!/usr/bin/env python3
"""Builds an OmegaT 3.6 project from ../tm_eval.toml and judges OmegaT's
matches by the rules of tests/it/tm_eval.rs (see README.md).

  omegat_eval.py build DIR          project in DIR/project, queries in DIR/queries.b64
  omegat_eval.py report RAW OUT.tsv  OmegaT's matches (from score.groovy) → OUT.tsv, summary on stdout
"""
import base64
import sys
import tomllib
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
EVAL = HERE.parent / "tm_eval.toml"
CATEGORIES = ["clitic", "spelling", "mixed", "plural", "number", "fuzzy",
              "frame_only", "context", "identical_invisible"]
SMALL_MIN, FRAME_MAX = 90, 70

PROJECT = """<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<omegat>
  <project version="1.0">
    <source_dir>__DEFAULT__</source_dir>
    <source_dir_excludes/>
    <target_dir>__DEFAULT__</target_dir>
    <tm_dir>__DEFAULT__</tm_dir>
    <glossary_dir>__DEFAULT__</glossary_dir>
    <glossary_file>__DEFAULT__</glossary_file>
    <dictionary_dir>__DEFAULT__</dictionary_dir>
    <source_lang>AR</source_lang>
    <target_lang>EN-US</target_lang>
    <source_tok>org.omegat.tokenizer.LuceneArabicTokenizer</source_tok>
    <target_tok>org.omegat.tokenizer.LuceneEnglishTokenizer</target_tok>
    <sentence_seg>false</sentence_seg>
    <support_default_translations>true</support_default_translations>
    <remove_tags>false</remove_tags>
  </project>
</omegat>
"""


def load():
    with open(EVAL, "rb") as f:
        return tomllib.load(f)


def xml_text(s):
    # Characters XML 1.0 allows are kept as they are (joiners and bidi marks included).
    return escape(s)


def build(out):
    data = load()
    project = out / "project"
    for sub in ["source", "target", "tm", "glossary", "dictionary", "omegat"]:
        (project / sub).mkdir(parents=True, exist_ok=True)
    (project / "omegat.project").write_text(PROJECT, encoding="utf-8")
    # The queries are asked of OmegaT's matcher directly; the source file only
    # makes the project valid.
    (project / "source" / "placeholder.txt").write_text("placeholder\n", encoding="utf-8")
    tus = []
    for u in data["unit"]:
        prev = ""
        if u.get("previous") is not None:
            prev = f'<prop type="x-prev">{xml_text(u["previous"])}</prop>'
        tus.append(
            f'<tu tuid="{u["id"]}">{prev}<tuv xml:lang="ar"><seg>{xml_text(u["ar"])}</seg></tuv>'
            f'<tuv xml:lang="en"><seg>{xml_text(u["en"])}</seg></tuv></tu>')
    tmx = ('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="tm_eval" '
           'creationtoolversion="1" segtype="sentence" o-tmf="none" adminlang="en" srclang="ar" '
           'datatype="plaintext"/><body>\n' + "\n".join(tus) + "\n</body></tmx>\n")
    (project / "tm" / "tm_eval.tmx").write_text(tmx, encoding="utf-8")
    with open(out / "queries.b64", "w", encoding="utf-8") as f:
        for c in data["case"]:
            f.write(c["id"] + "\t" + base64.b64encode(c["query"].encode()).decode() + "\n")


def report(raw, out_tsv):
    data = load()
    by_source = {}
    for u in data["unit"]:
        by_source.setdefault(u["ar"], []).append(u)
    matches = {}
    for line in Path(raw).read_text(encoding="utf-8").splitlines():
        cid, rank, score, nostem, adjusted, src, trans = line.split("\t")
        if rank == "0":
            matches.setdefault(cid, [])
            continue
        src = base64.b64decode(src).decode()
        trans = base64.b64decode(trans).decode()
        units = by_source.get(src, [])
        unit = next((u["id"] for u in units if u["en"] == trans), units[0]["id"] if units else "?")
        matches.setdefault(cid, []).append(
            dict(unit=unit, score=int(score), nostem=int(nostem), adjusted=int(adjusted), en=trans))
    keys = ["score", "nostem", "adjusted"]
    rows = []
    table = {c: {k: [0, 0, []] for k in keys} for c in CATEGORIES}
    for c in data["case"]:
        found = matches.get(c["id"], [])
        best = found[0] if found else None
        rank = next((k + 1 for k, m in enumerate(found) if m["unit"] == c["expect"]), None)
        verdicts = {}
        for key in keys:
            problems = judge(c, best, rank, key)
            row = table[c["category"]][key]
            row[0] += 1
            row[1] += not problems
            row[2].append(best[key] if best else 0)
            verdicts[key] = problems
        e = found[rank - 1] if rank else None
        rows.append([c["id"], c["category"], c["expect"], best["unit"] if best else "none",
                     str(best["score"]) if best else "", str(best["nostem"]) if best else "",
                     str(best["adjusted"]) if best else "", str(rank or ""),
                     str(e["score"]) if e else ""]
                    + ["pass" if not verdicts[k] else "FAIL" for k in keys]
                    + ["; ".join(verdicts["score"])])
    with open(out_tsv, "w", encoding="utf-8") as f:
        f.write("\t".join(["case", "category", "expected", "omegat_first", "score", "score_nostem",
                           "score_adjusted", "expected_rank", "expected_score", "verdict_score",
                           "verdict_nostem", "verdict_adjusted", "problems_by_score"]) + "\n")
        for r in rows:
            f.write("\t".join(r) + "\n")
    print(f"OmegaT 3.6 on tm_eval.toml ({len(data['unit'])} units, {len(data['case'])} cases), judged as tests/it/tm_eval.rs")
    print("by each of the three percentages OmegaT shows for the match it ranks first:")
    print("score (stemmed, its sort key) / score_nostem / score_adjusted (numbers and tags count)")
    print(f"{'category':<20} {'cases':>5}   {'passes':>17}   {'mean':>17}")
    for cat in CATEGORIES:
        cells = table[cat]
        n = cells["score"][0]
        if not n:
            continue
        passes = " / ".join(f"{cells[k][1]:>3}" for k in keys)
        means = " / ".join(f"{sum(cells[k][2]) / n:>5.1f}" for k in keys)
        print(f"{cat:<20} {n:>5}   {passes:>17}   {means:>17}")


def judge(c, best, rank, key):
    """The problems of OmegaT's first match by the rules of tm_eval.rs, with
    `key` as the score."""
    cat = c["category"]
    problems = []
    s = best[key] if best else 0
    if cat == "frame_only":
        if best and s >= FRAME_MAX:
            problems.append(f"a match at {s}")
        return problems
    if not best:
        return ["no match"]
    if best["unit"] != c["expect"]:
        problems.append(f"{c['expect']} ranked {rank}" if rank else f"{c['expect']} not among the matches")
    if cat in ("clitic", "spelling", "mixed", "plural") and not (SMALL_MIN <= s < 100):
        problems.append(f"score {s}")
    elif cat == "number":
        if s >= 100:
            problems.append(f"score {s} for a changed number")
        if best["en"] != c["suggested"]:
            problems.append("number not substituted")
    elif cat == "context" and s != 101:
        problems.append(f"score {s} (no context matches)")
    elif cat == "identical_invisible" and s != 100:
        problems.append(f"score {s}")
    return problems


if __name__ == "__main__":
    if sys.argv[1] == "build":
        build(Path(sys.argv[2]))
    elif sys.argv[1] == "report":
        report(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
