//! How good a decomposition is, by the measures of the microservice
//! decomposition literature (Mono2Micro, Kalia et al. 2021, and the
//! evaluations that followed it), computed on the production import graph
//! of the candidate services: modules are the literature's classes, an
//! import is a call dependency.

/// A partition size outside these bounds is "extreme" for NED (the bounds
/// Mono2Micro's evaluation uses).
pub const NED_BOUNDS: (usize, usize) = (5, 20);

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Metrics {
    /// Partitions measured (the candidate services, without the bucket of
    /// uncoupled modules).
    pub services: usize,
    pub modules: usize,
    /// Structural modularity (Jin et al.): mean internal density minus mean
    /// coupling between pairs; higher is better, at most 1.
    pub structural_modularity: f64,
    /// Inter-partition call percentage: the share of imports that cross a
    /// border; lower is better.
    pub icp: f64,
    /// Interface number: modules per service that other services import,
    /// on average; lower is better.
    pub ifn: f64,
    /// Non-extreme distribution: the share of modules in services whose size
    /// is outside [`NED_BOUNDS`]; lower is better.
    pub ned: f64,
    /// Service sizes, smallest first.
    pub sizes: Vec<usize>,
}

/// `membership[i]`: the partition of module `i`, `None` for a module not
/// in one (the bucket, the kernel). `imports`: (importer, imported).
pub fn measure(membership: &[Option<usize>], imports: &[(usize, usize)]) -> Metrics {
    let k = membership.iter().flatten().max().map_or(0, |m| m + 1);
    let mut size = vec![0usize; k];
    for &p in membership.iter().flatten() {
        size[p] += 1;
    }
    // Partitions that ended up empty (their modules were set aside) do not count.
    let live: Vec<usize> = (0..k).filter(|&p| size[p] > 0).collect();
    let kk = live.len();
    if kk == 0 {
        return Metrics::default();
    }
    let mut inside = vec![0usize; k];
    let mut between: std::collections::BTreeMap<(usize, usize), usize> = Default::default();
    let mut interface = vec![std::collections::BTreeSet::new(); k];
    let (mut total, mut crossing) = (0usize, 0usize);
    for &(a, b) in imports {
        let (Some(pa), Some(pb)) = (membership[a], membership[b]) else {
            continue;
        };
        if a == b {
            continue;
        }
        total += 1;
        if pa == pb {
            inside[pa] += 1;
        } else {
            crossing += 1;
            *between.entry((pa.min(pb), pa.max(pb))).or_default() += 1;
            interface[pb].insert(b);
        }
    }
    let density: f64 = live
        .iter()
        .map(|&p| inside[p] as f64 / (size[p] * size[p]) as f64)
        .sum::<f64>()
        / kk as f64;
    let coupling = if kk > 1 {
        between
            .iter()
            .map(|(&(i, j), &n)| n as f64 / (2 * size[i] * size[j]) as f64)
            .sum::<f64>()
            / (kk * (kk - 1) / 2) as f64
    } else {
        0.0
    };
    let n: usize = size.iter().sum();
    let extreme: usize = live
        .iter()
        .map(|&p| size[p])
        .filter(|&s| s < NED_BOUNDS.0 || s > NED_BOUNDS.1)
        .sum();
    let mut sizes: Vec<usize> = live.iter().map(|&p| size[p]).collect();
    sizes.sort_unstable();
    Metrics {
        services: kk,
        modules: n,
        structural_modularity: density - coupling,
        icp: if total == 0 {
            0.0
        } else {
            crossing as f64 / total as f64
        },
        ifn: live.iter().map(|&p| interface[p].len()).sum::<usize>() as f64 / kk as f64,
        ned: extreme as f64 / n as f64,
        sizes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_cliques_joined_by_one_import() {
        // Two services of 5: each a directed 5-clique (20 imports), and one
        // import from module 0 to module 5.
        let mut imports = Vec::new();
        for base in [0, 5] {
            for a in base..base + 5 {
                for b in base..base + 5 {
                    if a != b {
                        imports.push((a, b));
                    }
                }
            }
        }
        imports.push((0, 5));
        let membership: Vec<Option<usize>> = (0..10).map(|i| Some(i / 5)).chain([None]).collect();
        imports.push((10, 0)); // from a module in no service: not counted
        let m = measure(&membership, &imports);
        assert_eq!(m.services, 2);
        assert_eq!(m.modules, 10);
        // density 20/25 each; coupling 1/(2·5·5) over one pair
        assert!((m.structural_modularity - (0.8 - 0.02)).abs() < 1e-9);
        assert!((m.icp - 1.0 / 41.0).abs() < 1e-9);
        // only module 5 is imported across: 1 interface over 2 services
        assert!((m.ifn - 0.5).abs() < 1e-9);
        assert_eq!(m.ned, 0.0);
        assert_eq!(m.sizes, vec![5, 5]);
    }

    #[test]
    fn extreme_sizes_and_empty_input() {
        // One service of 3 and one of 25: all 28 modules are in extreme ones.
        let membership: Vec<Option<usize>> = (0..28).map(|i| Some(usize::from(i >= 3))).collect();
        let m = measure(&membership, &[]);
        assert_eq!(m.ned, 1.0);
        assert_eq!(m.icp, 0.0);
        assert_eq!(m.structural_modularity, 0.0);
        assert_eq!(measure(&[None, None], &[(0, 1)]), Metrics::default());
    }
}
