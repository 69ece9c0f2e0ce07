//! Theme coding of free text: a [`Codebook`] of themes and terms, matched on word boundaries
//! with case and accents folded ([`matcher`]); the shape every coder shares ([`coder`], with
//! what it says about a comment in [`evidence`]) and the themes' hierarchy ([`tree`]); coding
//! the answers of a dataset into counts, roll-ups, splits and co-occurrence ([`coding`]), the
//! tables people read ([`mod@tables`]) and an auditable coding sheet ([`sheet`]); learning a
//! coder from hand-coded comments, with cross-validated figures and suggestions of what to
//! code next ([`mod@learn`]); agreement between codings and accuracy against a gold coding
//! ([`mod@agreement`]); representative quotes ([`quotes`]); sentiment ([`sentiment`]); and
//! suggesting a draft codebook from the text ([`mod@discover`]). Everything is deterministic
//! and offline.
//!
//! ```
//! use engage_core::themes::{Codebook, Theme};
//!
//! let codebook = Codebook::builder()
//!     .theme(Theme::new("parking", "Parking").with_include(["parking", "car park*"]))
//!     .theme(Theme::new("access", "Access").with_include(["appoint*", "walk in"]))
//!     .build()?;
//! let text = "Couldn't get an appointment, and the car parks were full";
//! let coding = codebook.code(text);
//! assert_eq!(coding.theme_ids(&codebook), ["access", "parking"]);
//! assert_eq!(coding.evidence[0].matched(text), "appointment");
//! // "No problem with parking" is not a parking complaint.
//! assert!(!codebook.code("No problem with parking").is_coded());
//! # Ok::<(), engage_core::Error>(())
//! ```

pub mod agreement;
pub mod codebook;
pub mod coder;
pub mod coding;
pub mod discover;
pub mod evidence;
pub mod learn;
pub mod matcher;
pub mod present;
pub mod quotes;
pub mod sentiment;
pub mod sheet;
pub mod tables;
pub mod tree;

pub use agreement::{
    Accuracy, Agreement, AgreementOptions, Measures, ThemeAccuracy, ThemeAgreement, ThemeName,
    accuracy, agreement,
};
pub use codebook::{Codebook, CodebookBuilder, CodebookOptions, Stemming};
pub use coder::{Coder, CodingScratch};
pub use coding::{
    BySplit, CoOccurrence, CodedComment, CodingOptions, QuestionThemes, ThemeCoding, ThemeCount,
    code_dataset,
};
pub use discover::{DiscoverOptions, Draft, DraftTheme, discover, discover_question};
pub use evidence::{CommentCoding, Decision, Evidence, Suppressed};
pub use learn::{LearnOptions, Model, TrainingSet, learn};
pub use matcher::{MatchStatus, Scratch, TermMatch};
pub use quotes::{QuestionQuotes, Quote, QuoteOptions, ThemeQuotes, choose_quotes, quotes_of};
pub use sentiment::{
    CommentScorer, Sentiment, SentimentAnalyzer, SentimentLabel, SentimentSummary,
};
pub use sheet::{
    CODING_COLUMNS, CodedComments, Coding, CommentKey, read_coded_comments, read_coding,
};
pub use tree::{Theme, ThemeTree};
