//! CPU time of one frame of the whole window on a headless egui context,
//! with a 10,000-segment document (target: under 4 ms).
//!
//! `cargo bench --bench ui_frame`

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use eframe::egui;
use tarjuman::document::{Document, Status};
use tarjuman::ui::workspace::Workspace;
use tarjuman::ui::{App, Command, install_fonts};

const SEGMENTS: usize = 10_000;

fn big_document() -> Document {
    let seed = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/seeds/biden-putin-ransomware.ar.txt"
    ))
    .unwrap();
    let per_copy = Document::from_source(seed.clone(), None).segments.len();
    let copies = SEGMENTS.div_ceil(per_copy);
    let mut text = String::with_capacity(seed.len() * copies + copies);
    for _ in 0..copies {
        text.push_str(seed.trim_end());
        text.push_str("\n\n");
    }
    let mut doc = Document::from_source(text, None);
    for (i, seg) in doc.segments.iter_mut().enumerate() {
        if i % 2 == 0 {
            seg.en = format!(
                "Segment {i}: US President Joe Biden urged his Russian counterpart Vladimir Putin to act against ransomware attacks."
            );
            seg.status = Status::Translated;
        }
    }
    doc
}

fn input(time: f64) -> egui::RawInput {
    egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1400.0, 900.0),
        )),
        time: Some(time),
        ..Default::default()
    }
}

fn setup() -> (egui::Context, App) {
    let doc = big_document();
    assert!(doc.segments.len() >= SEGMENTS, "{}", doc.segments.len());
    let ws = Workspace::new(doc, None, tarjuman::ui::builtin_glossary());
    let app = App::with_workspace(ws);
    let ctx = egui::Context::default();
    install_fonts(&ctx);
    (ctx, app)
}

fn frames(c: &mut Criterion) {
    let (ctx, mut app) = setup();
    let mut time = 0.0;
    let mut frame = |app: &mut App, events: Vec<egui::Event>| {
        time += 1.0 / 60.0;
        let mut raw = input(time);
        raw.events = events;
        let out = ctx.run_ui(raw, |ui| app.frame_ui(ui));
        black_box(out);
    };
    for _ in 0..5 {
        frame(&mut app, Vec::new());
    }
    c.bench_function("frame_idle_10k_segments", |b| {
        b.iter(|| frame(&mut app, Vec::new()));
    });

    // Jump to the middle and type there.
    app.command(Command::Activate {
        segment: SEGMENTS / 2,
        focus: true,
    });
    for _ in 0..10 {
        frame(&mut app, Vec::new());
    }
    let before = app.ws.doc.segments[SEGMENTS / 2].en.clone();
    frame(&mut app, vec![egui::Event::Text("a".into())]);
    assert!(
        app.ws.doc.segments[SEGMENTS / 2].en.ends_with('a'),
        "typing reached the editor"
    );
    // Erase a letter, then type it again: the segment keeps a realistic length.
    let backspace = egui::Event::Key {
        key: egui::Key::Backspace,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers: egui::Modifiers::NONE,
    };
    let mut erase = true;
    c.bench_function("frame_typing_10k_segments", |b| {
        b.iter(|| {
            let event = if erase {
                backspace.clone()
            } else {
                egui::Event::Text("a".into())
            };
            erase = !erase;
            frame(&mut app, vec![event]);
        });
    });
    let after = &app.ws.doc.segments[SEGMENTS / 2].en;
    assert!(after.len() <= before.len() + 1, "{after}");

    c.bench_function("frame_scrolling_10k_segments", |b| {
        b.iter(|| {
            frame(
                &mut app,
                vec![
                    egui::Event::PointerMoved(egui::pos2(500.0, 400.0)),
                    egui::Event::MouseWheel {
                        unit: egui::MouseWheelUnit::Point,
                        delta: egui::vec2(0.0, -120.0),
                        phase: egui::TouchPhase::Move,
                        modifiers: egui::Modifiers::NONE,
                        source: egui::MouseWheelSource::Wheel,
                    },
                ],
            );
        });
    });
}

fn startup(c: &mut Criterion) {
    let mut group = c.benchmark_group("startup");
    group.sample_size(10);
    group.bench_function("open_seed_and_first_frame", |b| {
        b.iter(|| {
            let ctx = egui::Context::default();
            install_fonts(&ctx);
            let mut app = App::with_settings(
                tarjuman::ui::Settings::default(),
                tarjuman::ui::Options {
                    autosave: false,
                    default_tm: None,
                    ..Default::default()
                },
            );
            let out = ctx.run_ui(input(0.0), |ui| app.frame_ui(ui));
            black_box(out);
        });
    });
    group.bench_function("open_10k_segments", |b| {
        let doc = big_document();
        b.iter(|| {
            black_box(Workspace::new(
                doc.clone(),
                None,
                tarjuman::ui::builtin_glossary(),
            ))
        });
    });
    group.finish();
}

criterion_group!(benches, frames, startup);
criterion_main!(benches);
