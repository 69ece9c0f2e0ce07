//! Suggesting a draft codebook from the comments themselves: TF-IDF vectors of words and
//! two-word phrases, seeded spherical k-means (deterministic: the same comments and seed give
//! the same draft), then class-based TF-IDF (c-TF-IDF) to find the keyphrases that set each
//! cluster apart. Each draft theme lists its keyphrases as `include` terms and three example
//! comments as TOML comments; the draft loads as a codebook as it stands.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use serde::Serialize;

use super::codebook::{toml_list, toml_string};
use super::matcher::{Stemmer, words};
use crate::dataset::Dataset;
use crate::error::{Error, Location, Result};
use crate::schema::QuestionType;

/// Function words left out of keyphrases: they say nothing about a theme.
const STOPWORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "aren't",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "can't",
    "cannot",
    "could",
    "couldn't",
    "did",
    "didn't",
    "do",
    "does",
    "doesn't",
    "doing",
    "don't",
    "down",
    "during",
    "each",
    "etc",
    "even",
    "ever",
    "every",
    "few",
    "for",
    "from",
    "further",
    "get",
    "gets",
    "getting",
    "got",
    "had",
    "hadn't",
    "has",
    "hasn't",
    "have",
    "haven't",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "i",
    "i'd",
    "i'll",
    "i'm",
    "i've",
    "if",
    "in",
    "into",
    "is",
    "isn't",
    "it",
    "it's",
    "its",
    "itself",
    "just",
    "let",
    "lot",
    "lots",
    "made",
    "make",
    "many",
    "may",
    "me",
    "might",
    "more",
    "most",
    "much",
    "must",
    "my",
    "myself",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "one",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "quite",
    "rather",
    "really",
    "same",
    "say",
    "said",
    "see",
    "seen",
    "shall",
    "she",
    "should",
    "shouldn't",
    "since",
    "so",
    "some",
    "still",
    "such",
    "than",
    "that",
    "that's",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "there's",
    "these",
    "they",
    "they're",
    "this",
    "those",
    "though",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "upon",
    "us",
    "very",
    "was",
    "wasn't",
    "we",
    "we're",
    "were",
    "weren't",
    "what",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "within",
    "without",
    "won't",
    "would",
    "wouldn't",
    "yes",
    "yet",
    "you",
    "you're",
    "your",
    "yours",
    "yourself",
    "yourselves",
    "ok",
    "okay",
    "thing",
    "things",
    "well",
    "way",
    "went",
    "go",
    "going",
    "come",
    "came",
    "take",
    "took",
    "put",
    "per",
    "via",
    "x",
];

/// How a draft is suggested.
#[derive(Clone, Debug, PartialEq)]
pub struct DiscoverOptions {
    /// How many themes (clusters) to suggest.
    pub themes: usize,
    /// The seed of the clustering; the same seed gives the same draft.
    pub seed: u64,
    /// Clustering runs from different seeds; the tightest is kept.
    pub restarts: usize,
    /// Include terms per theme.
    pub terms_per_theme: usize,
    /// Example comments per theme.
    pub examples: usize,
    /// A word or phrase must occur in at least this many comments to be a feature.
    pub min_comments: usize,
    /// A word or phrase in more than this share of comments is too common to tell themes
    /// apart.
    pub max_share: f64,
}

impl Default for DiscoverOptions {
    fn default() -> DiscoverOptions {
        DiscoverOptions {
            themes: 8,
            seed: 1,
            restarts: 5,
            terms_per_theme: 8,
            examples: 3,
            min_comments: 2,
            max_share: 0.5,
        }
    }
}

impl DiscoverOptions {
    /// With this many themes (default: 8).
    #[must_use]
    pub fn with_themes(mut self, themes: usize) -> DiscoverOptions {
        self.themes = themes;
        self
    }

    /// With this seed (default: 1).
    #[must_use]
    pub fn with_seed(mut self, seed: u64) -> DiscoverOptions {
        self.seed = seed;
        self
    }

    /// With this many include terms per theme (default: 8).
    #[must_use]
    pub fn with_terms_per_theme(mut self, terms: usize) -> DiscoverOptions {
        self.terms_per_theme = terms;
        self
    }

    /// With this many example comments per theme (default: 3).
    #[must_use]
    pub fn with_examples(mut self, examples: usize) -> DiscoverOptions {
        self.examples = examples;
        self
    }

    /// Counting a feature from this many comments (default: 2).
    #[must_use]
    pub fn with_min_comments(mut self, comments: usize) -> DiscoverOptions {
        self.min_comments = comments;
        self
    }
}

/// A keyphrase with its c-TF-IDF score in its theme.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Keyphrase {
    /// The phrase as people most often wrote it (folded).
    pub text: String,
    /// Its c-TF-IDF score in the theme.
    pub score: f64,
    /// Comments of the theme that contain it.
    pub comments: usize,
}

/// One suggested theme.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DraftTheme {
    /// A suggested id, from the top keyphrase.
    pub id: String,
    /// A suggested label: the top keyphrases.
    pub label: String,
    /// The include terms: the keyphrases and their frequent spellings.
    pub include: Vec<String>,
    /// The keyphrases, best first.
    pub keyphrases: Vec<Keyphrase>,
    /// Comments in the cluster.
    pub comments: usize,
    /// The comments closest to the cluster's centre.
    pub examples: Vec<String>,
    /// The comments in the cluster, as indices into the texts given to [`discover`], closest
    /// to the centre first.
    #[serde(skip)]
    pub members: Vec<usize>,
}

/// A suggested codebook.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Draft {
    /// Non-empty comments read.
    pub documents: usize,
    /// Comments with at least one feature, which were clustered.
    pub clustered: usize,
    /// The seed used.
    pub seed: u64,
    /// The themes, largest first.
    pub themes: Vec<DraftTheme>,
}

/// Suggests a draft codebook from a free-text question of a dataset.
pub fn discover_question(
    dataset: &Dataset,
    question: &str,
    options: &DiscoverOptions,
) -> Result<Draft> {
    let definition = dataset.question(question)?;
    if definition.kind != QuestionType::FreeText {
        return Err(Error::unsupported(
            Location::file(&dataset.source().file).with_question(question),
            format!("the question is {}, not free text", definition.kind),
        ));
    }
    let texts: Vec<&str> = dataset
        .text_values(question)?
        .into_iter()
        .flatten()
        .collect();
    Ok(discover(&texts, options))
}

/// One comment's features.
struct Document<'a> {
    /// Its index in the texts given.
    source: usize,
    text: &'a str,
    /// (feature key, count), before vocabulary pruning.
    counts: BTreeMap<String, usize>,
    /// Sparse TF-IDF vector: (feature id, weight), unit length.
    vector: Vec<(usize, f64)>,
}

/// Suggests a draft codebook from comments.
#[must_use]
pub fn discover(texts: &[&str], options: &DiscoverOptions) -> Draft {
    let stemmer = Stemmer::english();
    let stopwords: BTreeSet<&str> = STOPWORDS.iter().copied().collect();
    let mut surfaces: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    let mut documents: Vec<Document<'_>> = Vec::new();
    for (source, text) in texts
        .iter()
        .copied()
        .enumerate()
        .filter(|(_, text)| !text.trim().is_empty())
    {
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        let mut previous: Option<(String, String, usize, usize)> = None;
        for (position, word) in words(text).enumerate() {
            let folded = word.folded.as_ref();
            let useful = !stopwords.contains(folded)
                && folded.chars().count() >= 2
                && (folded.chars().any(char::is_alphabetic)
                    || (folded.len() >= 3 && folded.chars().all(|ch| ch.is_ascii_digit())));
            if !useful {
                previous = None;
                continue;
            }
            let key = stemmer.stem(folded).into_owned();
            *counts.entry(key.clone()).or_default() += 1;
            *surfaces
                .entry(key.clone())
                .or_default()
                .entry(folded.to_string())
                .or_default() += 1;
            if let Some((previous_key, previous_surface, previous_position, sentence)) = &previous
                && *previous_position + 1 == position
                && *sentence == word.sentence
            {
                let pair = format!("{previous_key} {key}");
                *counts.entry(pair.clone()).or_default() += 1;
                *surfaces
                    .entry(pair)
                    .or_default()
                    .entry(format!("{previous_surface} {folded}"))
                    .or_default() += 1;
            }
            previous = Some((key, folded.to_string(), position, word.sentence));
        }
        documents.push(Document {
            source,
            text,
            counts,
            vector: Vec::new(),
        });
    }
    let total = documents.len();
    let mut frequency: BTreeMap<&str, usize> = BTreeMap::new();
    for document in &documents {
        for key in document.counts.keys() {
            *frequency.entry(key.as_str()).or_default() += 1;
        }
    }
    let max_comments = ((total as f64) * options.max_share).floor() as usize;
    let vocabulary: Vec<String> = frequency
        .iter()
        .filter(|(_, count)| {
            **count >= options.min_comments.max(1) && **count <= max_comments.max(1)
        })
        .map(|(key, _)| (*key).to_string())
        .collect();
    let ids: BTreeMap<&str, usize> = vocabulary
        .iter()
        .enumerate()
        .map(|(id, key)| (key.as_str(), id))
        .collect();
    let idf: Vec<f64> = vocabulary
        .iter()
        .map(|key| {
            let df = frequency[key.as_str()] as f64;
            ((1.0 + total as f64) / (1.0 + df)).ln() + 1.0
        })
        .collect();
    for document in &mut documents {
        let mut vector: Vec<(usize, f64)> = document
            .counts
            .iter()
            .filter_map(|(key, &count)| {
                ids.get(key.as_str())
                    .map(|&id| (id, (1.0 + (count as f64).ln()) * idf[id]))
            })
            .collect();
        let norm = vector
            .iter()
            .map(|(_, weight)| weight * weight)
            .sum::<f64>()
            .sqrt();
        if norm > 0.0 {
            for (_, weight) in &mut vector {
                *weight /= norm;
            }
        }
        document.vector = vector;
    }
    let clustered: Vec<usize> = (0..documents.len())
        .filter(|&index| !documents[index].vector.is_empty())
        .collect();
    let vectors: Vec<&[(usize, f64)]> = clustered
        .iter()
        .map(|&index| documents[index].vector.as_slice())
        .collect();
    let k = options.themes.min(vectors.len());
    let mut draft = Draft {
        documents: total,
        clustered: clustered.len(),
        seed: options.seed,
        themes: Vec::new(),
    };
    if k == 0 {
        return draft;
    }
    let best = (0..options.restarts.max(1))
        .map(|restart| {
            spherical_kmeans(
                &vectors,
                vocabulary.len(),
                k,
                options.seed.wrapping_add(restart as u64),
            )
        })
        .fold(None::<Clustering>, |best, candidate| match best {
            Some(best) if best.objective >= candidate.objective => Some(best),
            _ => Some(candidate),
        })
        .expect("at least one restart");
    // c-TF-IDF: a feature's frequency in a cluster, scaled by how rare it is across clusters.
    let mut cluster_counts = vec![vec![0usize; vocabulary.len()]; k];
    let mut cluster_documents = vec![vec![0usize; vocabulary.len()]; k];
    for (position, &index) in clustered.iter().enumerate() {
        let cluster = best.assignment[position];
        for (key, &count) in &documents[index].counts {
            if let Some(&id) = ids.get(key.as_str()) {
                cluster_counts[cluster][id] += count;
                cluster_documents[cluster][id] += 1;
            }
        }
    }
    let cluster_words: Vec<f64> = cluster_counts
        .iter()
        .map(|counts| counts.iter().sum::<usize>() as f64)
        .collect();
    let average_words = cluster_words.iter().sum::<f64>() / k as f64;
    let mut scores = vec![vec![0.0f64; vocabulary.len()]; k];
    for id in 0..vocabulary.len() {
        let across: usize = (0..k).map(|cluster| cluster_counts[cluster][id]).sum();
        if across == 0 {
            continue;
        }
        let weight = (1.0 + average_words / across as f64).ln();
        for cluster in 0..k {
            if cluster_words[cluster] > 0.0 {
                scores[cluster][id] =
                    cluster_counts[cluster][id] as f64 / cluster_words[cluster] * weight;
            }
        }
    }
    let home: Vec<usize> = (0..vocabulary.len())
        .map(|id| {
            (0..k)
                .max_by(|&a, &b| scores[a][id].total_cmp(&scores[b][id]).then(b.cmp(&a)))
                .unwrap_or(0)
        })
        .collect();
    let sizes: Vec<usize> = (0..k)
        .map(|cluster| {
            best.assignment
                .iter()
                .filter(|&&assigned| assigned == cluster)
                .count()
        })
        .collect();
    let mut order: Vec<usize> = (0..k).collect();
    order.sort_by(|&a, &b| sizes[b].cmp(&sizes[a]).then(a.cmp(&b)));
    let mut used_ids: BTreeSet<String> = BTreeSet::new();
    for cluster in order {
        if sizes[cluster] == 0 {
            continue;
        }
        let minimum = 2.max(sizes[cluster] / 20).min(sizes[cluster]);
        let mut candidates: Vec<usize> = (0..vocabulary.len())
            .filter(|&id| home[id] == cluster && cluster_documents[cluster][id] >= minimum)
            .collect();
        candidates.sort_by(|&a, &b| {
            scores[cluster][b]
                .total_cmp(&scores[cluster][a])
                .then(vocabulary[a].cmp(&vocabulary[b]))
        });
        let mut covered: BTreeSet<&str> = BTreeSet::new();
        let mut keyphrases = Vec::new();
        let mut include: Vec<String> = Vec::new();
        for id in candidates {
            if keyphrases.len() >= options.terms_per_theme {
                break;
            }
            let key = vocabulary[id].as_str();
            let parts: Vec<&str> = key.split(' ').collect();
            if parts.iter().all(|part| covered.contains(part)) {
                continue;
            }
            covered.extend(parts);
            let spellings = spellings(&surfaces[key]);
            keyphrases.push(Keyphrase {
                text: spellings[0].clone(),
                score: scores[cluster][id],
                comments: cluster_documents[cluster][id],
            });
            for spelling in spellings {
                if !include.contains(&spelling) {
                    include.push(spelling);
                }
            }
        }
        if include.is_empty() {
            continue;
        }
        let id = unique_id(&slug(&keyphrases[0].text), &mut used_ids);
        let label = capitalise(
            &keyphrases
                .iter()
                .take(3)
                .map(|phrase| phrase.text.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        );
        let mut members: Vec<(f64, usize)> = clustered
            .iter()
            .enumerate()
            .filter(|(position, _)| best.assignment[*position] == cluster)
            .map(|(position, &index)| (best.similarity[position], index))
            .collect();
        members.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let member_sources: Vec<usize> = members
            .iter()
            .map(|&(_, index)| documents[index].source)
            .collect();
        let mut examples: Vec<String> = Vec::new();
        for (_, index) in members {
            if examples.len() >= options.examples {
                break;
            }
            let text = documents[index]
                .text
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            if !examples.contains(&text) {
                examples.push(text);
            }
        }
        draft.themes.push(DraftTheme {
            id,
            label,
            include,
            keyphrases,
            comments: sizes[cluster],
            examples,
            members: member_sources,
        });
    }
    draft
}

/// The spellings of a feature to list as terms: the most frequent, then others used at least
/// twice and at least a tenth as often, at most three (`appointment`, `appointments`).
fn spellings(counts: &BTreeMap<String, usize>) -> Vec<String> {
    let mut ranked: Vec<(&String, &usize)> = counts.iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let top = *ranked[0].1;
    ranked
        .iter()
        .enumerate()
        .filter(|(position, (_, count))| *position == 0 || (**count >= 2 && **count * 10 >= top))
        .take(3)
        .map(|(_, (text, _))| (*text).clone())
        .collect()
}

fn slug(text: &str) -> String {
    let mut out = String::new();
    for ch in text.chars() {
        if ch.is_alphanumeric() {
            out.extend(ch.to_lowercase());
        } else if !out.ends_with('_') && !out.is_empty() {
            out.push('_');
        }
    }
    let out = out.trim_end_matches('_').to_string();
    if out.is_empty() {
        "theme".to_string()
    } else {
        out
    }
}

fn unique_id(base: &str, used: &mut BTreeSet<String>) -> String {
    let mut id = base.to_string();
    let mut number = 2;
    while used.contains(&id) {
        id = format!("{base}_{number}");
        number += 1;
    }
    used.insert(id.clone());
    id
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The result of one clustering run.
struct Clustering {
    assignment: Vec<usize>,
    /// Each vector's cosine similarity to its cluster's centre.
    similarity: Vec<f64>,
    /// The sum of the similarities: higher is tighter.
    objective: f64,
}

/// `SplitMix64`: a small, fast, well-mixed generator, so that seeding needs no crate.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A float in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn dot(vector: &[(usize, f64)], centre: &[f64]) -> f64 {
    vector.iter().map(|&(id, weight)| weight * centre[id]).sum()
}

/// Spherical k-means on unit vectors: k-means++ seeding from `seed`, then alternate assigning
/// each vector to its most similar centre and recomputing centres as normalised means, until
/// nothing moves (at most 100 rounds). An emptied cluster is re-seeded with the vector least
/// similar to its own centre.
fn spherical_kmeans(
    vectors: &[&[(usize, f64)]],
    dimensions: usize,
    k: usize,
    seed: u64,
) -> Clustering {
    let mut random = SplitMix64(seed);
    let n = vectors.len();
    let centre_of = |index: usize| {
        let mut centre = vec![0.0; dimensions];
        for &(id, weight) in vectors[index] {
            centre[id] = weight;
        }
        centre
    };
    let mut seeds = vec![(random.next() % n as u64) as usize];
    let mut nearest: Vec<f64> = (0..n)
        .map(|index| dot(vectors[index], &centre_of(seeds[0])))
        .collect();
    while seeds.len() < k {
        let weights: Vec<f64> = nearest
            .iter()
            .map(|similarity| (1.0 - similarity).max(0.0).powi(2))
            .collect();
        let sum: f64 = weights.iter().sum();
        let next = if sum > 0.0 {
            let mut target = random.unit() * sum;
            let mut chosen = n - 1;
            for (index, weight) in weights.iter().enumerate() {
                if target < *weight {
                    chosen = index;
                    break;
                }
                target -= weight;
            }
            chosen
        } else {
            // Every vector equals a seed: take the first not yet used.
            (0..n).find(|index| !seeds.contains(index)).unwrap_or(0)
        };
        if seeds.contains(&next) {
            match (0..n).find(|index| !seeds.contains(index)) {
                Some(unused) => seeds.push(unused),
                None => break,
            }
        } else {
            seeds.push(next);
        }
        let centre = centre_of(*seeds.last().expect("a seed was pushed"));
        for (index, similarity) in nearest.iter_mut().enumerate() {
            *similarity = similarity.max(dot(vectors[index], &centre));
        }
    }
    let mut centres: Vec<Vec<f64>> = seeds.iter().map(|&index| centre_of(index)).collect();
    let mut assignment = vec![usize::MAX; n];
    let mut similarity = vec![0.0; n];
    for _ in 0..100 {
        let mut moved = false;
        for index in 0..n {
            let (best, value) = centres
                .iter()
                .enumerate()
                .map(|(cluster, centre)| (cluster, dot(vectors[index], centre)))
                .fold((0, f64::NEG_INFINITY), |best, candidate| {
                    if candidate.1 > best.1 {
                        candidate
                    } else {
                        best
                    }
                });
            similarity[index] = value;
            if assignment[index] != best {
                assignment[index] = best;
                moved = true;
            }
        }
        let mut sums = vec![vec![0.0; dimensions]; centres.len()];
        let mut sizes = vec![0usize; centres.len()];
        for index in 0..n {
            sizes[assignment[index]] += 1;
            for &(id, weight) in vectors[index] {
                sums[assignment[index]][id] += weight;
            }
        }
        for cluster in 0..centres.len() {
            if sizes[cluster] == 0 {
                // Re-seed an empty cluster with the worst-placed vector.
                let worst = (0..n)
                    .filter(|&index| sizes[assignment[index]] > 1)
                    .min_by(|&a, &b| similarity[a].total_cmp(&similarity[b]).then(a.cmp(&b)));
                if let Some(worst) = worst {
                    sizes[assignment[worst]] -= 1;
                    assignment[worst] = cluster;
                    sizes[cluster] = 1;
                    sums[cluster] = centre_of(worst);
                    moved = true;
                }
            }
            let norm = sums[cluster]
                .iter()
                .map(|value| value * value)
                .sum::<f64>()
                .sqrt();
            if norm > 0.0 {
                centres[cluster] = sums[cluster].iter().map(|value| value / norm).collect();
            }
        }
        if !moved {
            break;
        }
    }
    for index in 0..n {
        similarity[index] = dot(vectors[index], &centres[assignment[index]]);
    }
    Clustering {
        objective: similarity.iter().sum(),
        assignment,
        similarity,
    }
}

impl Draft {
    /// The draft as a codebook TOML file: a header saying how it was made and what to review,
    /// then one `[[theme]]` per suggested theme with its keyphrases as `include` and example
    /// comments (passed through `redact`, on one line) as TOML comments.
    #[must_use]
    pub fn to_toml(&self, redact: &dyn Fn(&str) -> String) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "# Draft codebook suggested by `engage themes discover` from {} comments ({} with usable words), seed {}.",
            self.documents, self.clustered, self.seed
        );
        out.push_str(
            "# Review every theme before use: rename ids and labels, merge or split themes, remove terms\n\
             # that do not belong and add the words people use that are missing. Terms match whole words;\n\
             # end a term with * to match word beginnings (appoint*), or write /a regex/.\n\
             # Uncomment the next line to match word endings too (appointment, appointments).\n\
             # stem = \"english\"\n",
        );
        let total = self.clustered.max(1) as f64;
        for theme in &self.themes {
            out.push('\n');
            out.push_str("[[theme]]\n");
            let _ = writeln!(out, "id = {}", toml_string(&theme.id));
            let _ = writeln!(out, "label = {}", toml_string(&theme.label));
            let _ = writeln!(out, "include = {}", toml_list(&theme.include));
            let phrases: Vec<String> = theme
                .keyphrases
                .iter()
                .map(|phrase| format!("{} ({})", comment_safe(&phrase.text), phrase.comments))
                .collect();
            let _ = writeln!(
                out,
                "# {} comments ({:.1}%); keyphrases (comments): {}",
                theme.comments,
                theme.comments as f64 * 100.0 / total,
                phrases.join(", ")
            );
            for example in &theme.examples {
                let _ = writeln!(
                    out,
                    "# e.g. \"{}\"",
                    comment_safe(&shorten(&redact(example), 200))
                );
            }
        }
        out
    }
}

/// Text safe inside a TOML comment: control characters (other than tab) are not allowed
/// there, and a line break would end the comment.
fn comment_safe(text: &str) -> String {
    text.chars()
        .map(|ch| {
            if ch.is_control() || matches!(ch, '\u{2028}' | '\u{2029}') {
                ' '
            } else {
                ch
            }
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = match cut.rfind(char::is_whitespace) {
        Some(space) if space > max / 2 => &cut[..space],
        _ => cut.as_str(),
    };
    format!("{}\u{2026}", cut.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::themes::codebook::Codebook;

    fn comments() -> Vec<String> {
        let mut out = Vec::new();
        let parking = [
            "The car park is always full",
            "Parking is too expensive in the car park",
            "Could not find a parking space",
            "The car park needs more spaces",
            "Parking charges are too high",
            "No parking spaces for disabled drivers",
        ];
        let waiting = [
            "The waiting time was four hours",
            "Long waiting times to be seen",
            "Waiting time far too long",
            "We had a long wait in the waiting room",
            "Waiting times are getting worse",
            "Four hour waiting time is not acceptable",
        ];
        let staff = [
            "The nurses were kind and caring",
            "Lovely nurses, very caring staff",
            "Friendly staff and kind nurses",
            "The reception staff were rude",
            "Staff were caring and friendly",
            "Kind nurses who listened",
        ];
        for round in 0..3 {
            for list in [&parking, &waiting, &staff] {
                for (index, text) in list.iter().enumerate() {
                    out.push(format!(
                        "{text} {}",
                        ["", "!", " (again)"][(index + round) % 3]
                    ));
                }
            }
        }
        out
    }

    #[test]
    fn three_clear_topics_are_found_and_the_draft_loads_as_a_codebook() {
        let comments = comments();
        let texts: Vec<&str> = comments.iter().map(String::as_str).collect();
        let draft = discover(&texts, &DiscoverOptions::default().with_themes(3));
        assert_eq!(draft.documents, 54);
        assert_eq!(draft.themes.len(), 3);
        let sizes: Vec<usize> = draft.themes.iter().map(|theme| theme.comments).collect();
        assert_eq!(sizes.iter().sum::<usize>(), 54);
        let all: Vec<String> = draft
            .themes
            .iter()
            .flat_map(|theme| theme.include.clone())
            .collect();
        for expected in ["parking", "waiting", "nurses"] {
            assert!(all.iter().any(|term| term.contains(expected)), "{all:?}");
        }
        let toml = draft.to_toml(&|text: &str| text.to_string());
        let codebook = Codebook::from_toml(&toml, "draft.toml").unwrap();
        assert_eq!(codebook.themes().len(), 3);
        assert!(toml.contains("# e.g. \""), "{toml}");
        // The draft codes the comments it came from.
        assert!(codebook.code("The car park is always full").is_coded());
    }

    #[test]
    fn the_same_seed_gives_the_same_draft() {
        let comments = comments();
        let texts: Vec<&str> = comments.iter().map(String::as_str).collect();
        let options = DiscoverOptions::default().with_themes(4).with_seed(7);
        assert_eq!(discover(&texts, &options), discover(&texts, &options));
    }

    #[test]
    fn awkward_input_gives_a_loadable_draft() {
        let texts = [
            "",
            "🙂🙂",
            "تم الانتظار لفترة طويلة جدا",
            "تم الانتظار لفترة طويلة جدا",
            "line\u{7}one\nline two \"quoted\" # hash",
            "line one line two",
        ];
        let draft = discover(&texts, &DiscoverOptions::default());
        let toml = draft.to_toml(&|text: &str| text.to_string());
        if draft.themes.is_empty() {
            assert!(Codebook::from_toml(&toml, "draft.toml").is_err());
        } else {
            Codebook::from_toml(&toml, "draft.toml").unwrap();
        }
        let empty = discover(&[], &DiscoverOptions::default());
        assert_eq!((empty.documents, empty.themes.len()), (0, 0));
    }
}
