package parkstats

// TargetProgress is how far an actual figure has come to its target, in
// basis points (may exceed 10000), and whether the target is met. A
// target is met when actual ≥ target ("不低于", e.g. 木垒 new-energy
// equipment output ≥ 100亿元 by 2025). A zero target has no progress.
func TargetProgress(actual, target int64) (bp int64, met, ok bool) {
	bp, ok = ShareBP(actual, target)
	return bp, ok && actual >= target, ok
}
