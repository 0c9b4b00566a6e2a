//! QA: a table of cases per check, flagged and not flagged, plus re-checking
//! one segment and accepting issues.

use tarjuman::document::{Document, Status};
use tarjuman::glossary::Glossary;
use tarjuman::qa::{Check, Qa, QaIssue};

fn issues_for(ar: &str, en: &str) -> Vec<QaIssue> {
    let mut doc = Document::from_source(ar.to_string(), None);
    assert_eq!(doc.segments.len(), 1, "{ar:?} is one sentence");
    doc.segments[0].en = en.to_string();
    doc.segments[0].status = Status::Translated;
    tarjuman::qa::check(&doc, &Glossary::builtin())
}

/// (Arabic, English, check, whether that check must flag it)
const CASES: &[(&str, &str, Check, bool)] = &[
    // Terminology, with English inflection tolerated.
    (
        "هاجم قراصنة الشركة.",
        "Hackers attacked the company.",
        Check::Terminology,
        false,
    ),
    (
        "رفضت الشركة مطالب القراصنة.",
        "The company refused the hackers' demands.",
        Check::Terminology,
        false,
    ),
    (
        "رفضت الشركة مطالب القراصنة.",
        "The company refused the hacker’s demands.",
        Check::Terminology,
        false,
    ),
    (
        "هاجم قراصنة الشركة.",
        "Pirates attacked the company.",
        Check::Terminology,
        false,
    ),
    (
        "هاجم قراصنة الشركة.",
        "Criminals attacked the company.",
        Check::Terminology,
        true,
    ),
    (
        "تزايدت الهجمات الإلكترونية.",
        "Cyber-attacks increased.",
        Check::Terminology,
        false,
    ),
    (
        "تزايدت الهجمات الإلكترونية.",
        "Cyberattacks increased.",
        Check::Terminology,
        false,
    ),
    (
        "تزايدت الهجمات الإلكترونية.",
        "Cyber attacks increased.",
        Check::Terminology,
        false,
    ),
    (
        "تزايدت الهجمات الإلكترونية.",
        "Online assaults increased.",
        Check::Terminology,
        true,
    ),
    (
        "تزايدت الهجمات ببرمجيات الفدية.",
        "Ransomware attacks increased.",
        Check::Terminology,
        false,
    ),
    (
        "تزايدت الهجمات ببرمجيات الفدية.",
        "Extortion software attacks increased.",
        Check::Terminology,
        true,
    ),
    // Numbers: Arabic-Indic digits, separators, percentages, scale words.
    (
        "وقع الهجوم في عام ٢٠٢١.",
        "The attack happened in 2021.",
        Check::Number,
        false,
    ),
    (
        "وقع الهجوم في عام ٢٠٢١.",
        "The attack happened in 2012.",
        Check::Number,
        true,
    ),
    (
        "وقع الهجوم في عام ۲۰۲۱.",
        "The attack happened in 2021.",
        Check::Number,
        false,
    ),
    (
        "نما الاقتصاد بنسبة ١٫٥٪.",
        "The economy grew by 1.5%.",
        Check::Number,
        false,
    ),
    (
        "نما الاقتصاد بنسبة ١٫٥٪.",
        "The economy grew by 1.5 percent.",
        Check::Number,
        false,
    ),
    (
        "نما الاقتصاد بنسبة ١٫٥ في المائة.",
        "The economy grew by 1.5 per cent.",
        Check::Number,
        false,
    ),
    (
        "نما الاقتصاد بنسبة ١٫٥٪.",
        "The economy grew by 1.5 points.",
        Check::Number,
        true,
    ),
    (
        "نما الاقتصاد بنسبة ١٫٥٪.",
        "The economy grew by 15%.",
        Check::Number,
        true,
    ),
    (
        "دفعت الشركة ١٠٬٠٠٠ دولار.",
        "The company paid $10,000.",
        Check::Number,
        false,
    ),
    (
        "دفعت الشركة ٥٠٠ ألف دولار.",
        "The company paid $500,000.",
        Check::Number,
        false,
    ),
    (
        "دفعت الشركة ٥٠٠ ألف دولار.",
        "The company paid 500 thousand dollars.",
        Check::Number,
        false,
    ),
    (
        "دفعت الشركة ٧٠ مليون دولار.",
        "The company paid $70 million.",
        Check::Number,
        false,
    ),
    (
        "دفعت الشركة ٧٠ مليون دولار.",
        "The company paid $7 million.",
        Check::Number,
        true,
    ),
    (
        "قتل ٣ أشخاص.",
        "Three people were killed.",
        Check::Number,
        false,
    ),
    (
        "قتل ٣ أشخاص.",
        "Four people were killed.",
        Check::Number,
        true,
    ),
    (
        "وقع الهجوم في عام 2021.",
        "The attack happened in ٢٠٢١.",
        Check::Number,
        true,
    ),
    // Untranslated, identical, Arabic letters left in the English.
    ("هذه جملة.", "", Check::Untranslated, true),
    ("هذه جملة.", "   ", Check::Untranslated, true),
    (
        "هذه جملة.",
        "This is a sentence.",
        Check::Untranslated,
        false,
    ),
    ("هذه جملة.", "هذه جملة.", Check::Identical, true),
    ("هذه جملة.", "This is a sentence.", Check::Identical, false),
    (
        "قال بايدن ذلك.",
        "Biden قال that.",
        Check::ArabicLetters,
        true,
    ),
    (
        "قال بايدن ذلك.",
        "Biden said that.",
        Check::ArabicLetters,
        false,
    ),
    // Punctuation.
    (
        "هل دفعت الشركة الفدية؟",
        "Did the company pay the ransom?",
        Check::Punctuation,
        false,
    ),
    (
        "هل دفعت الشركة الفدية؟",
        "Did the company pay the ransom.",
        Check::Punctuation,
        true,
    ),
    (
        "دفعت الشركة الفدية.",
        "Did the company pay the ransom?",
        Check::Punctuation,
        true,
    ),
    (
        "قال الرئيس، نعم.",
        "The president said، yes.",
        Check::Punctuation,
        true,
    ),
    (
        "قال الرئيس، نعم.",
        "The president said, yes.",
        Check::Punctuation,
        false,
    ),
    // Doubled spaces.
    (
        "قال الرئيس ذلك.",
        "The president  said that.",
        Check::DoubledSpace,
        true,
    ),
    (
        "قال الرئيس ذلك.",
        "The president said that.",
        Check::DoubledSpace,
        false,
    ),
    // Unbalanced quotes and brackets.
    (
        "قال الرئيس ذلك.",
        "The president (Biden said that.",
        Check::Unbalanced,
        true,
    ),
    (
        "قال الرئيس ذلك.",
        "The president said “that.",
        Check::Unbalanced,
        true,
    ),
    (
        "قال الرئيس ذلك.",
        "The president said \"that.",
        Check::Unbalanced,
        true,
    ),
    (
        "قال الرئيس ذلك.",
        "The president) said (that.",
        Check::Unbalanced,
        true,
    ),
    (
        "قال الرئيس ذلك.",
        "The president (Biden) said “that” [twice].",
        Check::Unbalanced,
        false,
    ),
    (
        "قال الرئيس ذلك.",
        "The hackers' president said \"that\".",
        Check::Unbalanced,
        false,
    ),
];

#[test]
fn each_check_flags_what_it_should_and_nothing_else() {
    let mut failures = Vec::new();
    for (ar, en, check, flagged) in CASES {
        let issues = issues_for(ar, en);
        let got = issues.iter().any(|i| i.check == *check);
        if got != *flagged {
            failures.push(format!(
                "{check:?} on {ar:?} / {en:?}: expected flagged={flagged}, issues {:?}",
                issues
                    .iter()
                    .map(|i| (i.check, &*i.words, i.message.as_str()))
                    .collect::<Vec<_>>()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_good_translation_raises_nothing() {
    let issues = issues_for(
        "دفعت الشركة ٥٠٠ ألف دولار لقراصنة استخدموا برمجيات الفدية في عام ٢٠٢١.",
        "The company paid $500,000 to hackers who used ransomware in 2021.",
    );
    assert!(issues.is_empty(), "{issues:?}");
}

#[test]
fn issues_name_segment_check_and_words_with_spans_into_the_texts() {
    let ar = "تزايدت الهجمات الإلكترونية في عام ٢٠٢١.";
    let en = "Online  assaults grew in 2012.";
    let issues = issues_for(ar, en);
    let term = issues
        .iter()
        .find(|i| i.check == Check::Terminology)
        .unwrap();
    assert_eq!(term.segment_id, 0);
    assert_eq!(&*term.words, "الهجمات الإلكترونية → cyberattack");
    assert_eq!(&ar[term.ar_range.clone().unwrap()], "الهجمات الإلكترونية");
    let number = issues.iter().find(|i| i.check == Check::Number).unwrap();
    assert_eq!(&*number.words, "٢٠٢١");
    assert_eq!(&ar[number.ar_range.clone().unwrap()], "٢٠٢١");
    let space = issues
        .iter()
        .find(|i| i.check == Check::DoubledSpace)
        .unwrap();
    assert_eq!(&en[space.en_range.clone().unwrap()], "  ");
}

fn three_identical() -> Document {
    let mut doc = Document::from_source(
        "قال الرئيس ذلك. وصل الوفد أمس. قال الرئيس ذلك. قال الرئيس ذلك.".to_string(),
        None,
    );
    assert_eq!(doc.segments.len(), 4);
    for (s, en) in doc.segments.iter_mut().zip([
        "The president said that.",
        "The delegation arrived yesterday.",
        "The president said so.",
        "The president said that.",
    ]) {
        s.en = en.to_string();
        s.status = Status::Translated;
    }
    doc
}

#[test]
fn identical_arabic_translated_differently_is_inconsistent_everywhere() {
    let doc = three_identical();
    let mut qa = Qa::new(&Glossary::builtin());
    qa.check_document(&doc);
    let flagged: Vec<usize> = qa
        .issues()
        .filter(|i| i.check == Check::Inconsistent)
        .map(|i| i.segment_index)
        .collect();
    assert_eq!(flagged, [0, 2, 3]);
}

#[test]
fn rechecking_one_segment_matches_a_full_run() {
    let glossary = Glossary::builtin();
    let mut doc = three_identical();
    let mut qa = Qa::new(&glossary);
    qa.check_document(&doc);
    // Fix the inconsistency and break a number, one segment each.
    doc.segments[2].en = "The president said that.".into();
    qa.recheck_segment(&doc, 2);
    assert_eq!(
        qa.issues()
            .filter(|i| i.check == Check::Inconsistent)
            .count(),
        0
    );
    doc.segments[1].en = "The delegation  arrived yesterday".into();
    qa.recheck_segment(&doc, 1);
    let mut full = Qa::new(&glossary);
    full.check_document(&doc);
    assert_eq!(
        qa.issues().cloned().collect::<Vec<_>>(),
        full.issues().cloned().collect::<Vec<_>>()
    );
    assert_eq!(qa.segment_issues(1).count(), 1);
}

#[test]
fn an_accepted_issue_is_not_raised_again_and_survives_serialisation() {
    let mut doc =
        Document::from_source("وقع الهجوم في عام ٢٠٢١. ووقع آخر في عام ٢٠٢١.".into(), None);
    for s in &mut doc.segments {
        s.en = "It happened in 2012.".into();
        s.status = Status::Translated;
    }
    let glossary = Glossary::builtin();
    let issues = tarjuman::qa::check(&doc, &glossary);
    let first = issues
        .iter()
        .find(|i| i.segment_index == 0 && i.check == Check::Number)
        .unwrap();
    let accepted = first.accept("the source has a typo; confirmed with the client");
    // What a project file stores and reads back.
    let toml = toml::to_string(&accepted).unwrap();
    assert!(toml.contains("check = \"number\""), "{toml}");
    doc.qa_accepted.push(toml::from_str(&toml).unwrap());
    let after = tarjuman::qa::check(&doc, &glossary);
    assert!(
        !after
            .iter()
            .any(|i| i.segment_index == 0 && i.check == Check::Number)
    );
    // The same problem in another segment is still raised.
    assert!(
        after
            .iter()
            .any(|i| i.segment_index == 1 && i.check == Check::Number)
    );
}

#[test]
fn reports_list_every_issue_escaped() {
    let mut doc = Document::from_source("قال <b>الرئيس</b> ذلك.".into(), None);
    doc.segments[0].en = "The <script>president</script>  said that.".into();
    let issues = tarjuman::qa::check(&doc, &Glossary::builtin());
    let refs: Vec<&QaIssue> = issues.iter().collect();
    let html = tarjuman::qa::report::report_html(&doc, &refs);
    assert!(!html.to_lowercase().contains("<script"), "{html}");
    assert!(html.contains("&lt;script&gt;"));
    assert!(html.contains("Doubled space"));
    let csv = tarjuman::qa::report::report_csv(&doc, &refs).unwrap();
    let mut reader = csv::Reader::from_reader(csv.as_slice());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), issues.len());
    assert_eq!(&rows[0][5], doc.segments[0].en.as_str());
}

#[test]
fn forbidden_and_deprecated_renderings_are_flagged() {
    use tarjuman::glossary::{Term, TermStatus};
    let glossary = Glossary {
        terms: vec![
            Term {
                ar: "برمجيات الفدية".into(),
                en: "ransomware".into(),
                forbidden_en: vec!["ransom software".into()],
                ..Term::default()
            },
            Term {
                ar: "قرصان".into(),
                en: "pirate".into(),
                en_alternatives: vec!["hacker".into()],
                status: TermStatus::Deprecated,
                ..Term::default()
            },
        ],
        ..Glossary::default()
    };
    let run = |ar: &str, en: &str| {
        let mut doc = Document::from_source(ar.to_string(), None);
        doc.segments[0].en = en.to_string();
        tarjuman::qa::check(&doc, &glossary)
            .into_iter()
            .map(|i| (i.check, i.words.to_string()))
            .collect::<Vec<_>>()
    };
    let issues = run("انتشرت برمجيات الفدية.", "Ransom software spread.");
    assert!(
        issues.contains(&(
            Check::ForbiddenTerm,
            "برمجيات الفدية → ransom software".into()
        )),
        "{issues:?}"
    );
    assert!(
        issues.iter().any(|(c, _)| *c == Check::Terminology),
        "{issues:?}"
    );
    assert!(run("انتشرت برمجيات الفدية.", "Ransomware spread.").is_empty());
    let issues = run("هاجم قرصان الشركة.", "A pirate attacked the company.");
    assert_eq!(
        issues,
        [
            (Check::ForbiddenTerm, "قرصان → pirate".to_string()),
            (Check::Terminology, "قرصان → hacker".to_string())
        ]
    );
    assert!(run("هاجم قرصان الشركة.", "A hacker attacked the company.").is_empty());
}

/// (check, words) of the open issues and hints of one sentence under `glossary`.
fn found(glossary: &Glossary, ar: &str, en: &str) -> Vec<(Check, String)> {
    let mut doc = Document::from_source(ar.to_string(), None);
    doc.segments[0].en = en.to_string();
    tarjuman::qa::check(&doc, glossary)
        .into_iter()
        .map(|i| (i.check, i.words.to_string()))
        .collect()
}

fn glossary_of(terms: Vec<tarjuman::glossary::Term>) -> Glossary {
    Glossary {
        terms,
        ..Glossary::default()
    }
}

#[test]
fn every_inflection_of_the_expected_english_is_accepted() {
    use tarjuman::glossary::Term;
    let mut spokesman = Term::new("متحدث", "spokesman");
    spokesman.note = String::new();
    let mut minister = Term::new("وزير الخارجية", "foreign minister");
    minister.ar_plurals = vec!["وزراء الخارجية".into()];
    let mut envoy = Term::new("مبعوث", "envoy");
    envoy.en_plural = "emissaries".into();
    let g = glossary_of(vec![
        Term::new("اختراق", "hack"),
        Term::new("هجوم", "attack"),
        Term::new("سياسة", "policy"),
        Term::new("تأمين", "secure"),
        spokesman,
        minister,
        envoy,
    ]);
    for (ar, en) in [
        ("تم اختراق الموقع.", "The site was hacked."),
        ("تم اختراق الموقع.", "Hacking the site was easy."),
        ("تم اختراق الموقع.", "Two hacks hit the site."),
        ("تم اختراق الموقع.", "They hack the site."),
        ("وقع هجوم.", "Attacks happened."),
        ("وقع هجوم.", "They were attacked."),
        ("وقع هجوم.", "They are attacking."),
        ("تغيرت سياسة البلاد.", "The country's policies changed."),
        ("تم تأمين الشبكة.", "Securing the network took time."),
        ("قال المتحدثون.", "The spokesmen said."),
        ("اجتمع وزراء الخارجية.", "The foreign ministers met."),
        ("وصل المبعوثون.", "The emissaries arrived."),
        ("وصل المبعوثون.", "The envoys arrived."),
    ] {
        let issues = found(&g, ar, en);
        assert!(
            !issues.iter().any(|(c, _)| *c == Check::Terminology),
            "{ar} / {en}: {issues:?}"
        );
    }
    // Not an inflection: the person, or another word.
    for (ar, en) in [
        ("تم اختراق الموقع.", "A hacker was there."),
        ("وقع هجوم.", "The attackers left."),
        ("قال المتحدثون.", "The speakers said."),
    ] {
        let issues = found(&g, ar, en);
        assert!(
            issues.iter().any(|(c, _)| *c == Check::Terminology),
            "{ar} / {en}: {issues:?}"
        );
    }
}

#[test]
fn a_term_whose_note_names_another_sense_is_a_hint_not_an_issue() {
    use tarjuman::glossary::Term;
    use tarjuman::qa::QaSeverity;
    let mut summit = Term::new("قمة", "summit");
    summit.note = "Also 'top, peak' (قمة الجبل).".into();
    let mut server = Term::new("خادم", "server");
    server.note = "IT: server. Can also mean 'servant'.".into();
    let g = glossary_of(vec![summit.clone(), server]);
    let ar = "وصلوا إلى قمة الجبل.";
    let en = "They reached the top of the mountain.";
    let mut doc = Document::from_source(ar.to_string(), None);
    doc.segments[0].en = en.to_string();
    let issues = tarjuman::qa::check(&doc, &g);
    assert_eq!(issues.len(), 1, "{issues:?}");
    assert_eq!(issues[0].check, Check::AmbiguousTerm);
    assert_eq!(issues[0].severity, QaSeverity::Hint);
    assert!(issues[0].is_hint());
    assert_eq!(&*issues[0].words, "قمة → summit");
    let json = serde_json::to_value(&issues[0]).unwrap();
    assert_eq!(json["severity"], "hint");
    assert_eq!(
        found(&g, "عاد الخادم.", "The servant came back."),
        [(Check::AmbiguousTerm, "الخادم → server".to_string())]
    );
    // With its English there is nothing to say.
    assert!(found(&g, "انتهت القمة.", "The summit ended.").is_empty());
    // Without the note, the same sentence is a terminology issue.
    summit.note = "A meeting of leaders.".into();
    let g = glossary_of(vec![summit]);
    assert_eq!(
        found(&g, ar, en),
        [(Check::Terminology, "قمة → summit".to_string())]
    );
}
