//! Arabic text: normalisation for comparison, word tokens, light morphology
//! and sentence segmentation. Nothing here alters the text that is shown or
//! stored; every result points back into the original by byte offsets.

pub mod marks;
pub mod morphology;
pub mod normalize;
pub mod segment;
pub mod tokens;

pub use normalize::{Normalized, normalize, normalize_char};
pub use segment::{SegmentSpan, segment};
pub use tokens::{Token, tokens};
