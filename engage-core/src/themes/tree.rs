//! Themes and their hierarchy, as every coder has them: a [`Theme`] (id, label, parent, and in
//! a codebook its terms) and a [`ThemeTree`] that knows each theme's parent, depth and display
//! order. A codebook builds one from its file; a learned model from its labels.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

/// One theme: its id and label, the theme it rolls up into, and for a codebook the terms that
/// code it (a learned model's themes have none).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Theme {
    /// The stable id used in outputs and coding sheets.
    pub id: String,
    /// The name shown in reports.
    pub label: String,
    /// The id of the broader theme this one rolls up into.
    pub parent: Option<String>,
    /// What the theme covers, for coders.
    pub description: Option<String>,
    /// Terms that code a comment with this theme: words or phrases, `prefix*`, `/regex/`.
    pub include: Vec<String>,
    /// Terms that cancel an include match nearby.
    pub exclude: Vec<String>,
}

impl Theme {
    /// A theme with an id and a label, and no terms yet.
    #[must_use]
    pub fn new(id: impl Into<String>, label: impl Into<String>) -> Theme {
        Theme {
            id: id.into(),
            label: label.into(),
            ..Theme::default()
        }
    }

    /// This theme under a parent theme.
    #[must_use]
    pub fn with_parent(mut self, parent: impl Into<String>) -> Theme {
        self.parent = Some(parent.into());
        self
    }

    /// This theme with a description.
    #[must_use]
    pub fn with_description(mut self, description: impl Into<String>) -> Theme {
        self.description = Some(description.into());
        self
    }

    /// This theme with these include terms.
    #[must_use]
    pub fn with_include<I, S>(mut self, terms: I) -> Theme
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.include = terms.into_iter().map(Into::into).collect();
        self
    }

    /// This theme with these exclude terms.
    #[must_use]
    pub fn with_exclude<I, S>(mut self, terms: I) -> Theme
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.exclude = terms.into_iter().map(Into::into).collect();
        self
    }
}

/// What is wrong with a list of themes, by the position of the theme at fault; the caller
/// words it with the file and row it knows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum TreeError {
    /// The theme has an empty id.
    NoId(usize),
    /// The id has surrounding spaces, a `;` or a control character.
    BadId(usize),
    /// An earlier theme has the same id.
    Duplicate(usize),
    /// The parent names no theme.
    UnknownParent(usize),
    /// Following parents from the theme comes back to it; the path, the theme first and last.
    Cycle(usize, Vec<usize>),
}

impl TreeError {
    /// The problem in words, naming the theme.
    pub(crate) fn message(&self, themes: &[Theme]) -> String {
        let id = |position: &usize| themes.get(*position).map_or("", |theme| theme.id.as_str());
        match self {
            TreeError::NoId(position) => format!("theme {} has no id", position + 1),
            TreeError::BadId(position) => format!(
                "theme \"{}\": the id must not have surrounding spaces, `;` or control characters",
                id(position)
            ),
            TreeError::Duplicate(position) => {
                format!("theme \"{}\" is defined twice", id(position).trim())
            }
            TreeError::UnknownParent(position) => format!(
                "theme \"{}\": unknown parent \"{}\"",
                id(position),
                themes
                    .get(*position)
                    .and_then(|theme| theme.parent.as_deref())
                    .unwrap_or("")
            ),
            TreeError::Cycle(position, path) => format!(
                "theme \"{}\": the parents form a cycle: {}",
                id(position),
                path.iter().map(id).collect::<Vec<_>>().join(" -> ")
            ),
        }
    }
}

/// Themes with their hierarchy worked out: validated ids, each theme's parent, depth and the
/// display order (each top-level theme followed by its descendants, depth first).
#[derive(Clone, Debug, PartialEq)]
pub struct ThemeTree {
    themes: Vec<Theme>,
    index: HashMap<String, usize>,
    parents: Vec<Option<usize>>,
    depth: Vec<usize>,
    order: Vec<usize>,
}

impl ThemeTree {
    /// Checks the ids and parents and works out the hierarchy: every id non-empty, without
    /// surrounding spaces, `;` or control characters, and unique; every parent a theme; no
    /// cycle of parents.
    pub(crate) fn new(themes: Vec<Theme>) -> Result<ThemeTree, TreeError> {
        let mut index: HashMap<String, usize> = HashMap::new();
        for (position, theme) in themes.iter().enumerate() {
            let id = theme.id.trim();
            if id.is_empty() {
                return Err(TreeError::NoId(position));
            }
            if id != theme.id || id.chars().any(|ch| ch.is_control() || ch == ';') {
                return Err(TreeError::BadId(position));
            }
            if index.insert(theme.id.clone(), position).is_some() {
                return Err(TreeError::Duplicate(position));
            }
        }
        let mut parents = Vec::with_capacity(themes.len());
        for (position, theme) in themes.iter().enumerate() {
            let Some(parent) = &theme.parent else {
                parents.push(None);
                continue;
            };
            let Some(&found) = index.get(parent.trim()) else {
                return Err(TreeError::UnknownParent(position));
            };
            parents.push(Some(found));
        }
        for start in 0..themes.len() {
            let mut path = vec![start];
            let mut current = parents[start];
            while let Some(parent) = current {
                if parent == start {
                    path.push(start);
                    return Err(TreeError::Cycle(start, path));
                }
                if path.contains(&parent) {
                    // A cycle further up, reported when its own members are checked.
                    break;
                }
                path.push(parent);
                current = parents[parent];
            }
        }
        let depth: Vec<usize> = (0..themes.len())
            .map(|mut theme| {
                let mut depth = 0;
                while let Some(parent) = parents[theme] {
                    depth += 1;
                    theme = parent;
                }
                depth
            })
            .collect();
        let mut order = Vec::with_capacity(themes.len());
        for root in (0..themes.len()).filter(|&theme| parents[theme].is_none()) {
            push_tree(root, &parents, &mut order);
        }
        Ok(ThemeTree {
            themes,
            index,
            parents,
            depth,
            order,
        })
    }

    /// The themes in the order they were given.
    #[must_use]
    pub fn themes(&self) -> &[Theme] {
        &self.themes
    }

    /// The index of the theme with this id.
    #[must_use]
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    /// The parent of a theme, by index.
    #[must_use]
    pub fn parent_of(&self, theme: usize) -> Option<usize> {
        self.parents.get(theme).copied().flatten()
    }

    /// A theme and all its ancestors, nearest first.
    #[must_use]
    pub fn with_ancestors(&self, theme: usize) -> Vec<usize> {
        self.lineage(theme).collect()
    }

    /// A theme and all its ancestors, nearest first, without allocating.
    pub fn lineage(&self, theme: usize) -> impl Iterator<Item = usize> + '_ {
        std::iter::successors(Some(theme), move |&current| self.parent_of(current))
    }

    /// True when `theme` is `ancestor` or lies under it.
    #[must_use]
    pub fn is_within(&self, theme: usize, ancestor: usize) -> bool {
        self.lineage(theme).any(|current| current == ancestor)
    }

    /// How deep a theme sits in the hierarchy: 0 for a top-level theme.
    #[must_use]
    pub fn depth(&self, theme: usize) -> usize {
        self.depth.get(theme).copied().unwrap_or(0)
    }

    /// Theme indices in display order: each top-level theme followed by its descendants.
    #[must_use]
    pub fn display_order(&self) -> &[usize] {
        &self.order
    }

    /// True when another theme names this one as its parent.
    #[must_use]
    pub fn has_children(&self, theme: usize) -> bool {
        self.parents.contains(&Some(theme))
    }

    /// The theme with this id or label (case-insensitive), as a person may type either in a
    /// coding sheet.
    #[must_use]
    pub fn resolve(&self, text: &str) -> Option<usize> {
        self.index_of(text).or_else(|| {
            self.themes.iter().position(|theme| {
                theme.id.eq_ignore_ascii_case(text) || theme.label.eq_ignore_ascii_case(text)
            })
        })
    }
}

/// Appends a theme and then its descendants, depth first, in the given order.
fn push_tree(theme: usize, parents: &[Option<usize>], order: &mut Vec<usize>) {
    order.push(theme);
    for child in (0..parents.len()).filter(|&child| parents[child] == Some(theme)) {
        push_tree(child, parents, order);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_display_order_puts_children_under_their_parents() {
        let tree = ThemeTree::new(vec![
            Theme::new("b", "B").with_parent("a"),
            Theme::new("c", "C"),
            Theme::new("a", "A"),
            Theme::new("d", "D").with_parent("b"),
        ])
        .unwrap();
        assert_eq!(tree.display_order(), [1, 2, 0, 3]);
        assert_eq!(tree.depth(3), 2);
        assert_eq!(tree.with_ancestors(3), [3, 0, 2]);
        assert!(tree.is_within(3, 2) && !tree.is_within(2, 3));
        assert!(tree.has_children(0) && !tree.has_children(3));
        assert_eq!(tree.resolve("a"), Some(2));
        assert_eq!(tree.resolve("c"), Some(1));
        assert_eq!(tree.resolve("x"), None);
    }

    #[test]
    fn bad_lists_name_the_theme_at_fault() {
        let tree = |themes: Vec<Theme>| ThemeTree::new(themes).unwrap_err();
        assert_eq!(tree(vec![Theme::new(" ", "")]), TreeError::NoId(0));
        assert_eq!(tree(vec![Theme::new("a;b", "")]), TreeError::BadId(0));
        assert_eq!(
            tree(vec![Theme::new("a", ""), Theme::new("a", "")]),
            TreeError::Duplicate(1)
        );
        assert_eq!(
            tree(vec![Theme::new("a", "").with_parent("b")]),
            TreeError::UnknownParent(0)
        );
        assert_eq!(
            tree(vec![
                Theme::new("a", "").with_parent("b"),
                Theme::new("b", "").with_parent("a")
            ]),
            TreeError::Cycle(0, vec![0, 1, 0])
        );
    }
}
