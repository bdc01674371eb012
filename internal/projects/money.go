package projects

import (
	"strconv"
	"strings"
)

// Amount is money in hundredths of 万元 (i.e. in units of 100 yuan), stored
// as an integer everywhere: in the columns, in sums and in comparisons.
//
// Why this unit and not yuan-cents: every figure of this module — project
// totals, annual plans, monthly completed investment, the statistics
// bureau's 入库 figure — is set, reported and published in 万元 (or 亿元)
// with at most two decimals (e.g. "629.0亿", "8428.53亿"), so hundredths
// of 万元 hold every figure exactly, a typed "1234.56" round-trips without
// conversion, and sums of 20,000 projects × 60 months stay far inside
// int64 (see maxAmount). Money never passes through float64.
type Amount int64

// Amount limits and parse problems (catalog keys).
const (
	// maxAmount is 10^9 万元 (10万亿元), far above any single project and
	// small enough that 10^6 reports of it still sum inside int64.
	maxAmount Amount = 1_000_000_000 * 100

	AmountBad       = "shell.form.bad_number"
	AmountNegative  = "projects.amount.negative"
	AmountPrecision = "projects.amount.precision"
	AmountTooLarge  = "projects.amount.too_large"
)

// Wan returns whole 万元 as an Amount.
func Wan(n int64) Amount { return Amount(n * 100) }

// Yi returns whole 亿元 as an Amount (1亿 = 10,000万).
func Yi(n int64) Amount { return Amount(n * 10_000 * 100) }

// ParseAmount reads a figure in 万元 as people type it: "1234.56",
// "1,234.5", full-width digits. It refuses negatives, more than two
// decimals and absurd sizes with a catalog key; "" is an error too (the
// caller decides whether the field is optional).
func ParseAmount(s string) (Amount, string) {
	s = strings.Map(func(r rune) rune {
		switch {
		case r >= '０' && r <= '９':
			return '0' + (r - '０')
		case r == '．':
			return '.'
		case r == '－':
			return '-'
		case r == ',' || r == '，' || r == ' ' || r == '\u00a0':
			return -1
		}
		return r
	}, strings.TrimSpace(s))
	neg := strings.HasPrefix(s, "-")
	if neg || strings.HasPrefix(s, "+") {
		s = s[1:]
	}
	whole, frac, hasDot := strings.Cut(s, ".")
	if whole == "" && frac == "" || !digits(whole) || !digits(frac) || (hasDot && frac == "") {
		return 0, AmountBad
	}
	if neg {
		// Checked after the syntax so that "-abc" is "not a number".
		if strings.Trim(whole+frac, "0") != "" {
			return 0, AmountNegative
		}
	}
	if len(frac) > 2 {
		return 0, AmountPrecision
	}
	whole = strings.TrimLeft(whole, "0")
	if len(whole) > 10 {
		return 0, AmountTooLarge
	}
	w := int64(0)
	if whole != "" {
		w, _ = strconv.ParseInt(whole, 10, 64)
	}
	f := int64(0)
	if frac != "" {
		f, _ = strconv.ParseInt((frac + "0")[:2], 10, 64)
	}
	a := Amount(w*100 + f)
	if a > maxAmount {
		return 0, AmountTooLarge
	}
	return a, ""
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// String writes the amount in 万元 with two decimals: "1234.50".
func (a Amount) String() string {
	sign := ""
	if a < 0 {
		sign, a = "-", -a
	}
	return sign + strconv.FormatInt(int64(a)/100, 10) + "." + strconv.FormatInt(int64(a)%100+100, 10)[1:]
}

// Valid reports whether a is a storable amount: not negative, not absurd.
func (a Amount) Valid() bool { return a >= 0 && a <= maxAmount }
