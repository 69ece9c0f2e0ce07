//! Opinion groups: k-means on participants' coordinates, seeded by k-means++ from a fixed-seed
//! SplitMix64 generator so the same votes always give the same groups, and the number of
//! groups chosen by the mean silhouette.

use serde::Serialize;

/// SplitMix64 (Steele, Lea and Flood 2014): a tiny, fast generator whose whole state is one
/// number, so a fixed seed gives the same stream on every machine.
#[derive(Clone, Debug)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    /// A generator starting from `seed`.
    #[must_use]
    pub fn new(seed: u64) -> SplitMix64 {
        SplitMix64 { state: seed }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in [0, 1) with 53 random bits.
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// A k-means clustering.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct KMeans {
    /// Each point's cluster, 0 to k − 1.
    pub assignments: Vec<usize>,
    /// Each cluster's mean.
    pub centroids: Vec<Vec<f64>>,
    /// The sum of squared distances from each point to its cluster's mean.
    pub inertia: f64,
}

fn distance_squared(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| (x - y) * (x - y)).sum()
}

/// k-means++ seeding (Arthur and Vassilvitskii 2007): the first centre uniformly, each next one
/// with probability proportional to its squared distance from the nearest centre so far.
fn seed_centroids(points: &[Vec<f64>], k: usize, random: &mut SplitMix64) -> Vec<Vec<f64>> {
    let first = (random.next_f64() * points.len() as f64) as usize;
    let mut centroids = vec![points[first.min(points.len() - 1)].clone()];
    let mut nearest: Vec<f64> = points
        .iter()
        .map(|point| distance_squared(point, &centroids[0]))
        .collect();
    while centroids.len() < k {
        let total: f64 = nearest.iter().sum();
        let chosen = if total > 0.0 {
            let target = random.next_f64() * total;
            let mut running = 0.0;
            let mut chosen = points.len() - 1;
            for (index, weight) in nearest.iter().enumerate() {
                running += weight;
                if running > target && *weight > 0.0 {
                    chosen = index;
                    break;
                }
            }
            chosen
        } else {
            // Every point sits on a centre already: fewer distinct points than k. Any point
            // will do; the empty cluster is refilled in `lloyd`.
            centroids.len() % points.len()
        };
        let centre = points[chosen].clone();
        for (slot, point) in nearest.iter_mut().zip(points) {
            *slot = slot.min(distance_squared(point, &centre));
        }
        centroids.push(centre);
    }
    centroids
}

/// Lloyd's iterations from the given centres until no point changes cluster.
fn lloyd(points: &[Vec<f64>], mut centroids: Vec<Vec<f64>>) -> KMeans {
    let k = centroids.len();
    let dimensions = points.first().map_or(0, Vec::len);
    let mut assignments = vec![usize::MAX; points.len()];
    for _ in 0..500 {
        let mut changed = false;
        for (point, assignment) in points.iter().zip(assignments.iter_mut()) {
            // The nearest centre; ties go to the lower index, which keeps runs reproducible.
            let mut best = (f64::INFINITY, 0);
            for (index, centre) in centroids.iter().enumerate() {
                let distance = distance_squared(point, centre);
                if distance < best.0 {
                    best = (distance, index);
                }
            }
            // A point equally near its current centre stays, so duplicate points split over
            // equal centres do not swap back and forth.
            let stays = *assignment != usize::MAX
                && distance_squared(point, &centroids[*assignment]) <= best.0;
            if !stays && *assignment != best.1 {
                *assignment = best.1;
                changed = true;
            }
        }
        let mut sums = vec![vec![0.0; dimensions]; k];
        let mut counts = vec![0usize; k];
        for (point, &assignment) in points.iter().zip(&assignments) {
            counts[assignment] += 1;
            for (sum, value) in sums[assignment].iter_mut().zip(point) {
                *sum += value;
            }
        }
        for cluster in 0..k {
            if counts[cluster] == 0 {
                // An empty cluster takes the point farthest from its own centre, so k groups
                // stay k groups.
                let farthest = (0..points.len())
                    .filter(|&index| counts[assignments[index]] > 1)
                    .max_by(|&a, &b| {
                        distance_squared(&points[a], &centroids[assignments[a]])
                            .total_cmp(&distance_squared(&points[b], &centroids[assignments[b]]))
                            .then(b.cmp(&a))
                    });
                if let Some(index) = farthest {
                    counts[assignments[index]] -= 1;
                    for (sum, value) in sums[assignments[index]].iter_mut().zip(&points[index]) {
                        *sum -= value;
                    }
                    assignments[index] = cluster;
                    counts[cluster] = 1;
                    sums[cluster].clone_from(&points[index]);
                    changed = true;
                }
            }
        }
        for cluster in 0..k {
            if counts[cluster] > 0 {
                centroids[cluster] = sums[cluster]
                    .iter()
                    .map(|sum| sum / counts[cluster] as f64)
                    .collect();
            }
        }
        if !changed {
            break;
        }
    }
    let inertia = points
        .iter()
        .zip(&assignments)
        .map(|(point, &assignment)| distance_squared(point, &centroids[assignment]))
        .sum();
    KMeans {
        assignments,
        centroids,
        inertia,
    }
}

/// k-means with `restarts` k-means++ starts from `seed`, keeping the one of least inertia (the
/// first, among equals). `k` is at least 1 and at most the number of points.
#[must_use]
pub fn kmeans(points: &[Vec<f64>], k: usize, seed: u64, restarts: usize) -> KMeans {
    assert!(
        (1..=points.len()).contains(&k),
        "k must be between 1 and the number of points"
    );
    let mut random = SplitMix64::new(seed);
    let mut best: Option<KMeans> = None;
    for _ in 0..restarts.max(1) {
        let centroids = seed_centroids(points, k, &mut random);
        let result = lloyd(points, centroids);
        if best
            .as_ref()
            .is_none_or(|best| result.inertia < best.inertia - 1e-9 * best.inertia.abs())
        {
            best = Some(result);
        }
    }
    best.expect("at least one restart")
}

/// The most points whose silhouettes are averaged; larger sets are sampled evenly (every
/// n-th point), each sampled point still measured against all points.
const SILHOUETTE_SAMPLE: usize = 5000;

/// The mean silhouette (Rousseeuw 1987) of a clustering: for each point, a is its mean
/// distance to the rest of its cluster and b the smallest mean distance to another cluster;
/// its silhouette is (b − a) / max(a, b), and 0 for a point alone in its cluster. From −1 to
/// 1; higher means tighter, better separated groups.
#[must_use]
pub fn silhouette(points: &[Vec<f64>], assignments: &[usize], k: usize) -> f64 {
    let n = points.len();
    if n < 2 || k < 2 {
        return 0.0;
    }
    let mut sizes = vec![0usize; k];
    for &assignment in assignments {
        sizes[assignment] += 1;
    }
    let step = n.div_ceil(SILHOUETTE_SAMPLE);
    let mut total = 0.0;
    let mut counted = 0usize;
    let mut sums = vec![0.0; k];
    for index in (0..n).step_by(step) {
        counted += 1;
        let own = assignments[index];
        if sizes[own] < 2 {
            continue;
        }
        sums.fill(0.0);
        for (other, point) in points.iter().enumerate() {
            if other != index {
                sums[assignments[other]] += distance_squared(&points[index], point).sqrt();
            }
        }
        let a = sums[own] / (sizes[own] - 1) as f64;
        let b = (0..k)
            .filter(|&cluster| cluster != own && sizes[cluster] > 0)
            .map(|cluster| sums[cluster] / sizes[cluster] as f64)
            .fold(f64::INFINITY, f64::min);
        if b.is_finite() && a.max(b) > 0.0 {
            total += (b - a) / a.max(b);
        }
    }
    total / counted as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn points(coordinates: &[(f64, f64)]) -> Vec<Vec<f64>> {
        coordinates.iter().map(|&(x, y)| vec![x, y]).collect()
    }

    #[test]
    fn splitmix64_matches_the_reference_stream() {
        // The first outputs for seed 0 of the reference C implementation (Vigna's
        // splitmix64.c), as used to seed xoshiro.
        let mut random = SplitMix64::new(0);
        assert_eq!(random.next_u64(), 0xe220_a839_7b1d_cdaf);
        assert_eq!(random.next_u64(), 0x6e78_9e6a_a1b9_65f4);
        assert_eq!(random.next_u64(), 0x06c4_5d18_8009_454f);
    }

    #[test]
    fn kmeans_separates_separable_points() {
        // Two tight clusters around (0, 0) and (10, 10), interleaved in the input.
        let data = points(&[
            (0.0, 0.0),
            (10.0, 10.0),
            (0.0, 1.0),
            (10.0, 11.0),
            (1.0, 0.0),
            (11.0, 10.0),
        ]);
        let result = kmeans(&data, 2, 42, 10);
        let a = result.assignments[0];
        assert_eq!(result.assignments, [a, 1 - a, a, 1 - a, a, 1 - a]);
        // Centroids (1/3, 1/3) and (31/3, 31/3); inertia: each cluster has squared distances
        // 2/9 + 5/9 + 5/9 = 4/3, so 8/3 in all.
        let centre = &result.centroids[a];
        assert!((centre[0] - 1.0 / 3.0).abs() < 1e-12 && (centre[1] - 1.0 / 3.0).abs() < 1e-12);
        assert!((result.inertia - 8.0 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn kmeans_is_the_same_every_run() {
        let mut random = SplitMix64::new(3);
        let data: Vec<Vec<f64>> = (0..200)
            .map(|_| vec![random.next_f64(), random.next_f64()])
            .collect();
        let first = kmeans(&data, 4, 99, 10);
        for _ in 0..3 {
            assert_eq!(kmeans(&data, 4, 99, 10), first);
        }
    }

    #[test]
    fn duplicate_points_still_give_k_clusters() {
        let data = points(&[(1.0, 1.0), (1.0, 1.0), (1.0, 1.0), (5.0, 5.0)]);
        let result = kmeans(&data, 3, 1, 3);
        let mut used = result.assignments.clone();
        used.sort_unstable();
        used.dedup();
        assert_eq!(used.len(), 3, "{:?}", result.assignments);
    }

    #[test]
    fn silhouette_by_hand() {
        // Points 0, 1, 4, 5 on a line in clusters {0, 1} and {4, 5}.
        // s(0): a = 1, b = (4 + 5)/2 = 4.5, s = 1 − 1/4.5 = 7/9.
        // s(1): a = 1, b = (3 + 4)/2 = 3.5, s = 1 − 1/3.5 = 5/7. The other two mirror these.
        // Mean = (7/9 + 5/7)/2 = 47/63.
        let data = points(&[(0.0, 0.0), (1.0, 0.0), (4.0, 0.0), (5.0, 0.0)]);
        let value = silhouette(&data, &[0, 0, 1, 1], 2);
        assert!((value - 47.0 / 63.0).abs() < 1e-12, "{value}");
        // A point alone in its cluster counts 0: clusters {0}, {1}, {4, 5}.
        // s(4): a = 1, b = min(4, 3) = 3, s = 2/3; s(5): a = 1, b = min(5, 4) = 4, s = 3/4.
        // Mean = (0 + 0 + 2/3 + 3/4)/4 = 17/48.
        let value = silhouette(&data, &[0, 1, 2, 2], 3);
        assert!((value - 17.0 / 48.0).abs() < 1e-12, "{value}");
    }
}
