//! k-means and the silhouette as Pol.is computes them (`polismath.math.clusters`). A fresh
//! k-means starts from the first k distinct points, so nothing is random and the same points
//! in the same order always give the same clusters; a k-means that follows an earlier one
//! starts from the earlier clusters' members at their new places (`clean-start-clusters`).
//! Clusters left empty are dropped; centres may be weighted means; the iterations stop when no
//! centre moves by 0.01 or more.

use std::collections::HashMap;

use serde::Serialize;

/// One cluster of a k-means clustering.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Cluster {
    /// The cluster's id. Ids stay with their cluster through the iterations and from one
    /// clustering to the next that starts from it; a dropped cluster's id is not reused.
    pub id: usize,
    /// The ids of its items, in the order of the items.
    pub members: Vec<usize>,
    /// Its centre: the (weighted) mean of its items' places.
    pub centre: Vec<f64>,
}

/// Items to cluster: each an id, a place and a weight (1 unless given).
#[derive(Clone, Copy, Debug)]
pub struct Items<'a> {
    ids: &'a [usize],
    places: &'a [Vec<f64>],
    weights: Option<&'a [f64]>,
}

impl<'a> Items<'a> {
    /// Items with these ids at these places (the two slices of the same length), of weight 1.
    #[must_use]
    pub fn new(ids: &'a [usize], places: &'a [Vec<f64>]) -> Items<'a> {
        Items {
            ids,
            places,
            weights: None,
        }
    }

    /// These items with one weight each.
    #[must_use]
    pub fn with_weights(mut self, weights: &'a [f64]) -> Items<'a> {
        self.weights = Some(weights);
        self
    }

    fn weight(&self, index: usize) -> f64 {
        self.weights.map_or(1.0, |weights| weights[index])
    }

    fn positions(&self) -> HashMap<usize, usize> {
        self.ids
            .iter()
            .enumerate()
            .map(|(position, &id)| (id, position))
            .collect()
    }
}

/// How far apart two places are (Euclidean distance).
#[must_use]
pub fn distance(a: &[f64], b: &[f64]) -> f64 {
    a.iter()
        .zip(b)
        .map(|(x, y)| (x - y) * (x - y))
        .sum::<f64>()
        .sqrt()
}

/// Pol.is's centres move by less than this between two iterations when k-means has settled
/// (`same-clustering?`).
const SETTLED: f64 = 0.01;

/// k-means as Pol.is runs it (`clusters/kmeans`). Without `last`, the first `k` distinct
/// places, in order, start the clusters. With `last` (the clusters of the previous update),
/// each earlier cluster restarts at the mean of its members that are still items, clusters
/// at the same place merge, and while there are fewer clusters than k (or than distinct
/// places) the item farthest from every centre starts a new one. Each iteration then puts
/// every item in the cluster of the nearest centre (the first among equally near ones), drops
/// clusters left empty, and moves each centre to the (weighted) mean of its items; after
/// `max_iterations` iterations, or sooner when no centre moved by 0.01 or more, the clusters
/// are returned.
///
/// There may be fewer than `k` clusters: fewer distinct places, or clusters emptied on the
/// way. No items give no clusters.
#[must_use]
pub fn kmeans(
    items: &Items<'_>,
    k: usize,
    last: Option<&[Cluster]>,
    max_iterations: usize,
) -> Vec<Cluster> {
    if items.ids.is_empty() || k == 0 {
        return Vec::new();
    }
    let mut clusters = match last {
        Some(last) if !last.is_empty() => clean_start(items, last, k),
        _ => first_distinct(items, k),
    };
    // Pol.is's loop: one step, then stop if the budget is spent or nothing moved.
    let mut remaining = max_iterations;
    loop {
        let next = step(items, &clusters);
        if remaining == 0 || settled(&clusters, &next) {
            return next;
        }
        clusters = next;
        remaining -= 1;
    }
}

/// The first `k` distinct places start the clusters (`init-clusters`).
fn first_distinct(items: &Items<'_>, k: usize) -> Vec<Cluster> {
    let mut clusters: Vec<Cluster> = Vec::with_capacity(k);
    for place in items.places {
        if clusters.len() == k {
            break;
        }
        if !clusters.iter().any(|cluster| cluster.centre == *place) {
            clusters.push(Cluster {
                id: clusters.len(),
                members: Vec::new(),
                centre: place.clone(),
            });
        }
    }
    clusters
}

/// The mean place of a cluster's members that are items, weighted; `None` when none is.
fn members_mean(
    items: &Items<'_>,
    positions: &HashMap<usize, usize>,
    members: &[usize],
) -> Option<Vec<f64>> {
    let present: Vec<usize> = members
        .iter()
        .filter_map(|id| positions.get(id).copied())
        .collect();
    (!present.is_empty()).then(|| weighted_mean(items, &present))
}

/// Pol.is's `clean-start-clusters`: the previous clusters, moved to their members' new
/// places, merged where they coincide, and split by the farthest items until there are as
/// many clusters as k or as distinct places.
fn clean_start(items: &Items<'_>, last: &[Cluster], k: usize) -> Vec<Cluster> {
    let positions = items.positions();
    let mut clusters: Vec<Cluster> = last
        .iter()
        .filter_map(|cluster| {
            members_mean(items, &positions, &cluster.members).map(|centre| Cluster {
                id: cluster.id,
                members: cluster.members.clone(),
                centre,
            })
        })
        .collect();
    if clusters.is_empty() {
        let every: Vec<usize> = (0..items.ids.len()).collect();
        clusters.push(Cluster {
            id: last.iter().map(|cluster| cluster.id + 1).max().unwrap_or(0),
            members: items.ids.to_vec(),
            centre: weighted_mean(items, &every),
        });
    }
    // Clusters at the same place become one, under the id of the one with more members (the
    // later, among equals, as `max-key`).
    let mut unique: Vec<Cluster> = Vec::with_capacity(clusters.len());
    for cluster in clusters {
        if let Some(same) = unique
            .iter_mut()
            .find(|other| other.centre == cluster.centre)
        {
            if cluster.members.len() >= same.members.len() {
                same.id = cluster.id;
            }
            same.members.extend(cluster.members);
        } else {
            unique.push(cluster);
        }
    }
    let mut distinct: Vec<&Vec<f64>> = Vec::new();
    for place in items.places {
        if !distinct.contains(&place) {
            distinct.push(place);
        }
    }
    let possible = k.min(distinct.len());
    let mut clusters = unique;
    loop {
        for cluster in &mut clusters {
            if let Some(centre) = members_mean(items, &positions, &cluster.members) {
                cluster.centre = centre;
            }
        }
        if clusters.len() >= possible {
            return clusters;
        }
        // The item farthest from its nearest centre (the last among equals, as `max-key`).
        let mut farthest: Option<(f64, usize)> = None;
        for (position, place) in items.places.iter().enumerate() {
            let nearest = clusters
                .iter()
                .map(|cluster| distance(place, &cluster.centre))
                .fold(f64::INFINITY, f64::min);
            if farthest.is_none_or(|(best, _)| nearest >= best) {
                farthest = Some((nearest, position));
            }
        }
        let Some((_, position)) = farthest.filter(|(gap, _)| *gap > 0.0) else {
            return clusters;
        };
        let id = items.ids[position];
        for cluster in &mut clusters {
            cluster.members.retain(|&member| member != id);
        }
        let next_id = clusters
            .iter()
            .map(|cluster| cluster.id + 1)
            .max()
            .unwrap_or(0);
        clusters.push(Cluster {
            id: next_id,
            members: vec![id],
            centre: items.places[position].clone(),
        });
    }
}

/// One k-means iteration: assign, drop the empty, recentre.
fn step(items: &Items<'_>, clusters: &[Cluster]) -> Vec<Cluster> {
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); clusters.len()];
    for (index, place) in items.places.iter().enumerate() {
        let mut nearest = (f64::INFINITY, 0);
        for (position, cluster) in clusters.iter().enumerate() {
            let distance = distance(place, &cluster.centre);
            if distance < nearest.0 {
                nearest = (distance, position);
            }
        }
        members[nearest.1].push(index);
    }
    clusters
        .iter()
        .zip(members)
        .filter(|(_, members)| !members.is_empty())
        .map(|(cluster, members)| Cluster {
            id: cluster.id,
            centre: weighted_mean(items, &members),
            members: members.iter().map(|&index| items.ids[index]).collect(),
        })
        .collect()
}

/// The mean of the items at these positions, weighted (all-zero weights count as equal).
fn weighted_mean(items: &Items<'_>, positions: &[usize]) -> Vec<f64> {
    let dimensions = items.places.first().map_or(0, Vec::len);
    let total: f64 = positions.iter().map(|&index| items.weight(index)).sum();
    let equal = total <= 0.0;
    let mut centre = vec![0.0; dimensions];
    for &index in positions {
        let weight = if equal { 1.0 } else { items.weight(index) };
        for (sum, value) in centre.iter_mut().zip(&items.places[index]) {
            *sum += weight * value;
        }
    }
    let total = if equal { positions.len() as f64 } else { total };
    for value in &mut centre {
        *value /= total;
    }
    centre
}

/// Pol.is's `same-clustering?`: the centres of both clusterings, each list sorted, pair up
/// within 0.01 of each other.
fn settled(before: &[Cluster], after: &[Cluster]) -> bool {
    sorted_centres(before)
        .iter()
        .zip(&sorted_centres(after))
        .all(|(a, b)| distance(a, b) < SETTLED)
}

/// The clusters' centres in lexicographic order.
fn sorted_centres(clusters: &[Cluster]) -> Vec<&Vec<f64>> {
    let mut centres: Vec<&Vec<f64>> = clusters.iter().map(|cluster| &cluster.centre).collect();
    centres.sort_by(|a, b| {
        a.iter()
            .zip(b.iter())
            .map(|(x, y)| x.total_cmp(y))
            .find(|ordering| ordering.is_ne())
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    centres
}

/// The mean silhouette (Rousseeuw 1987) of a clustering of `items`, as Pol.is computes it
/// over its base clusters: for each item in a cluster, a is its mean distance to the rest of
/// its cluster and b the smallest mean distance to another cluster; its silhouette is
/// (b − a) / max(a, b), and 0 for an item alone in its cluster (or at distance 0 from
/// everything). The mean is over the items the clusters hold, unweighted. From −1 to 1;
/// higher means tighter, better separated groups; 0 with fewer than two clusters.
#[must_use]
pub fn silhouette(items: &Items<'_>, clusters: &[Cluster]) -> f64 {
    if clusters.len() < 2 {
        return 0.0;
    }
    let positions = items.positions();
    let places: Vec<Vec<&Vec<f64>>> = clusters
        .iter()
        .map(|cluster| {
            cluster
                .members
                .iter()
                .filter_map(|id| positions.get(id).map(|&index| &items.places[index]))
                .collect()
        })
        .collect();
    let mut total = 0.0;
    let mut counted = 0usize;
    for (own, members) in places.iter().enumerate() {
        for (index, place) in members.iter().enumerate() {
            counted += 1;
            if members.len() < 2 {
                continue;
            }
            let a = members
                .iter()
                .enumerate()
                .filter(|&(other, _)| other != index)
                .map(|(_, other)| distance(place, other))
                .sum::<f64>()
                / (members.len() - 1) as f64;
            let b = places
                .iter()
                .enumerate()
                .filter(|&(other, members)| other != own && !members.is_empty())
                .map(|(_, members)| {
                    members
                        .iter()
                        .map(|other| distance(place, other))
                        .sum::<f64>()
                        / members.len() as f64
                })
                .fold(f64::INFINITY, f64::min);
            let largest = a.max(b);
            if largest > 0.0 && largest.is_finite() {
                total += (b - a) / largest;
            }
        }
    }
    if counted == 0 {
        0.0
    } else {
        total / counted as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn places(coordinates: &[(f64, f64)]) -> Vec<Vec<f64>> {
        coordinates.iter().map(|&(x, y)| vec![x, y]).collect()
    }

    fn ids(count: usize) -> Vec<usize> {
        (0..count).collect()
    }

    fn member_lists(clusters: &[Cluster]) -> Vec<Vec<usize>> {
        clusters
            .iter()
            .map(|cluster| cluster.members.clone())
            .collect()
    }

    #[test]
    fn kmeans_by_hand_from_the_first_distinct_points() {
        // Points 0, 1, 4, 5 and 9 on a line, k = 2. The starts are the first two points, 0 and
        // 1. Step 1: 0 -> {0}; 1, 4, 5, 9 -> {1} (nearer 1 than 0); centres 0 and 19/4 = 4.75.
        // Step 2: 0 and 1 -> {0} (1 is 1 from 0, 3.75 from 4.75); 4, 5, 9 -> {1}; centres 0.5
        // and 6. Step 3: the same members, centres unchanged: settled.
        let data = places(&[(0.0, 0.0), (1.0, 0.0), (4.0, 0.0), (5.0, 0.0), (9.0, 0.0)]);
        let ids = ids(5);
        let items = Items::new(&ids, &data);
        let clusters = kmeans(&items, 2, None, 20);
        assert_eq!(member_lists(&clusters), [vec![0, 1], vec![2, 3, 4]]);
        assert_eq!(clusters[0].centre, [0.5, 0.0]);
        assert_eq!(clusters[1].centre, [6.0, 0.0]);
        // With one iteration allowed, the loop stops after its second step: the same result
        // here.
        assert_eq!(kmeans(&items, 2, None, 1), clusters);
        // With none, after the first step.
        let first = kmeans(&items, 2, None, 0);
        assert_eq!(member_lists(&first), [vec![0], vec![1, 2, 3, 4]]);
        assert_eq!(first[1].centre, [4.75, 0.0]);
    }

    #[test]
    fn members_are_ids_and_weights_pull_the_centre() {
        // Items 10 and 20 at 0 and 3, weights 1 and 2, in one cluster: centre (0 + 6) / 3 = 2.
        let data = places(&[(0.0, 0.0), (3.0, 0.0)]);
        let clusters = kmeans(
            &Items::new(&[10, 20], &data).with_weights(&[1.0, 2.0]),
            1,
            None,
            20,
        );
        assert_eq!(clusters[0].centre, [2.0, 0.0]);
        assert_eq!(clusters[0].members, [10, 20]);
    }

    #[test]
    fn duplicate_points_start_one_cluster() {
        // Three copies of (1, 1) and one (5, 5): only two distinct starts, so k = 3 gives two
        // clusters.
        let data = places(&[(1.0, 1.0), (1.0, 1.0), (1.0, 1.0), (5.0, 5.0)]);
        let ids = ids(4);
        let clusters = kmeans(&Items::new(&ids, &data), 3, None, 20);
        assert_eq!(member_lists(&clusters), [vec![0, 1, 2], vec![3]]);
        assert_eq!(clusters[1].id, 1);
    }

    #[test]
    fn a_cluster_left_empty_is_dropped_and_keeps_no_id() {
        // Centres at 0, 100 and 1 for points 0 and 1: nobody is nearest 100.
        let data = places(&[(0.0, 0.0), (1.0, 0.0)]);
        let ids = ids(2);
        let centre = |id: usize, x: f64| Cluster {
            id,
            members: Vec::new(),
            centre: vec![x, 0.0],
        };
        let next = step(
            &Items::new(&ids, &data),
            &[centre(0, 0.0), centre(1, 100.0), centre(2, 1.0)],
        );
        let found: Vec<usize> = next.iter().map(|cluster| cluster.id).collect();
        assert_eq!(found, [0, 2]);
        assert_eq!(member_lists(&next), [vec![0], vec![1]]);
        // Points 0, 0.5 and 100 from the starts 0 and 0.5: the first step gives {0} and
        // {0.5, 100} (centre 50.25); the second {0, 0.5} and {100}; the third changes nothing.
        let data = places(&[(0.0, 0.0), (0.5, 0.0), (100.0, 0.0)]);
        let ids = [0, 1, 2];
        let clusters = kmeans(&Items::new(&ids, &data), 2, None, 20);
        assert_eq!(member_lists(&clusters), [vec![0, 1], vec![2]]);
        assert_eq!(clusters[0].centre, [0.25, 0.0]);
    }

    #[test]
    fn a_warm_start_follows_the_members_and_splits_off_the_farthest() {
        // The previous update had clusters 7 = {1, 2} and 9 = {3}. Now item 3 has gone and
        // item 4 arrived: 1 at 0, 2 at 2, 4 at 10. Cluster 9 has no member left and is
        // dropped; cluster 7 restarts at (0 + 2) / 2 = 1; k = 2 wants one more, so the item
        // farthest from 1, item 4 at 10 (distance 9), starts cluster 8 (the next id after 7).
        let last = [
            Cluster {
                id: 7,
                members: vec![1, 2],
                centre: vec![5.0, 5.0],
            },
            Cluster {
                id: 9,
                members: vec![3],
                centre: vec![7.0, 7.0],
            },
        ];
        let data = places(&[(0.0, 0.0), (2.0, 0.0), (10.0, 0.0)]);
        let ids = [1, 2, 4];
        let items = Items::new(&ids, &data);
        let start = clean_start(&items, &last, 2);
        let found: Vec<(usize, Vec<f64>)> = start
            .iter()
            .map(|cluster| (cluster.id, cluster.centre.clone()))
            .collect();
        assert_eq!(found, [(7, vec![1.0, 0.0]), (8, vec![10.0, 0.0])]);
        let clusters = kmeans(&items, 2, Some(&last), 20);
        assert_eq!(member_lists(&clusters), [vec![1, 2], vec![4]]);
        // Two clusters at the same place merge under the larger one's id.
        let twins = [
            Cluster {
                id: 3,
                members: vec![1],
                centre: vec![0.0, 0.0],
            },
            Cluster {
                id: 5,
                members: vec![2, 4],
                centre: vec![0.0, 0.0],
            },
        ];
        let same = places(&[(1.0, 1.0), (1.0, 1.0), (1.0, 1.0)]);
        let merged = clean_start(&Items::new(&ids, &same), &twins, 2);
        assert_eq!(merged.len(), 1, "one distinct place: one cluster");
        assert_eq!(merged[0].id, 5);
        assert_eq!(merged[0].members, [1, 2, 4]);
    }

    #[test]
    fn the_same_points_give_the_same_clusters() {
        let data: Vec<Vec<f64>> = (0..200_u32)
            .map(|index| {
                let x = f64::from(index * 37 % 101) / 10.0;
                let y = f64::from(index * 53 % 89) / 10.0;
                vec![x, y]
            })
            .collect();
        let ids = ids(200);
        let items = Items::new(&ids, &data);
        let first = kmeans(&items, 4, None, 100);
        for _ in 0..3 {
            assert_eq!(kmeans(&items, 4, None, 100), first);
        }
    }

    #[test]
    fn silhouette_by_hand() {
        // Points 0, 1, 4, 5 on a line in clusters {0, 1} and {4, 5}.
        // s(0): a = 1, b = (4 + 5)/2 = 4.5, s = 1 − 1/4.5 = 7/9.
        // s(1): a = 1, b = (3 + 4)/2 = 3.5, s = 1 − 1/3.5 = 5/7. The other two mirror these.
        // Mean = (7/9 + 5/7)/2 = 47/63.
        let data = places(&[(0.0, 0.0), (1.0, 0.0), (4.0, 0.0), (5.0, 0.0)]);
        let ids = ids(4);
        let items = Items::new(&ids, &data);
        let cluster = |id: usize, members: &[usize]| Cluster {
            id,
            members: members.to_vec(),
            centre: vec![0.0, 0.0],
        };
        let value = silhouette(&items, &[cluster(0, &[0, 1]), cluster(1, &[2, 3])]);
        assert!((value - 47.0 / 63.0).abs() < 1e-12, "{value}");
        // A point alone in its cluster counts 0: clusters {0}, {1}, {4, 5}.
        // s(4): a = 1, b = min(4, 3) = 3, s = 2/3; s(5): a = 1, b = min(5, 4) = 4, s = 3/4.
        // Mean = (0 + 0 + 2/3 + 3/4)/4 = 17/48.
        let value = silhouette(
            &items,
            &[cluster(0, &[0]), cluster(1, &[1]), cluster(2, &[2, 3])],
        );
        assert!((value - 17.0 / 48.0).abs() < 1e-12, "{value}");
        // One cluster: 0.
        assert_eq!(silhouette(&items, &[cluster(0, &[0, 1, 2, 3])]), 0.0);
    }
}
