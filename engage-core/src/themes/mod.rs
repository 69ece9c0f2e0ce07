//! Theme coding of free text: a [`Codebook`] of themes and terms, matched on word boundaries
//! with case and accents folded ([`matcher`]); coding the answers of a dataset into counts,
//! roll-ups, splits, co-occurrence and an auditable coding sheet ([`coding`]); agreement between
//! codings and accuracy against a gold coding ([`mod@agreement`]); representative
//! quotes ([`quotes`]); sentiment ([`sentiment`]); and suggesting a draft codebook from the text
//! ([`mod@discover`]). Everything is deterministic and offline.
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
pub mod coding;
pub mod discover;
pub mod matcher;
pub mod present;
pub mod quotes;
pub mod sentiment;

pub use agreement::{
    Accuracy, Agreement, AgreementOptions, Measures, ThemeAccuracy, ThemeAgreement, ThemeName,
    accuracy, agreement,
};
pub use codebook::{Codebook, CodebookBuilder, CodebookOptions, Stemming, Theme};
pub use coding::{
    BySplit, CoOccurrence, CodedComment, Coding, CodingOptions, CommentCoding, CommentKey,
    Evidence, QuestionThemes, Suppressed, ThemeCoding, ThemeCount, code_dataset, read_coding,
};
pub use discover::{DiscoverOptions, Draft, DraftTheme, discover, discover_question};
pub use matcher::{MatchStatus, Scratch, TermMatch};
pub use quotes::{Quote, QuoteOptions, ThemeQuotes, attach_quotes};
pub use sentiment::{
    CommentScorer, Sentiment, SentimentAnalyzer, SentimentLabel, SentimentSummary,
};
