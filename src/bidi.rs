//! Right-to-left paragraph layout without egui: bidi levels, line breaking by
//! measured width, visual reordering of runs.
