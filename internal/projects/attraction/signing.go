package attraction

import (
	"time"

	"github.com/changji-gov/bogda/internal/projects"
)

// SigningKind tells how a signing counts (明政办〔2006〕95号 [P],
// projects.md §2.9 "No double counting").
type SigningKind string

const (
	// SignFramework is a framework agreement (框架协议): it counts the lead
	// and its amount if it is the first signing.
	SignFramework SigningKind = "framework"
	// SignContract is a formal contract (正式合同). After a framework
	// agreement it is an upgrade (升格): it counts the upgrade, not the
	// amount again.
	SignContract SigningKind = "contract"
	// SignIncrease is a capital increase (增资). Its amount is the new
	// contract total; only the added amount counts.
	SignIncrease SigningKind = "increase"
)

// SigningKinds returns the kinds in display order.
func SigningKinds() []SigningKind { return []SigningKind{SignFramework, SignContract, SignIncrease} }

// Catalog keys of signing problems.
const (
	keySignKind       = "attraction.signing.kind_bad"
	keySignFirstKind  = "attraction.signing.increase_first"
	keySignNotAbove   = "attraction.signing.increase_not_above"
	keySignBeforeLast = "attraction.signing.before_last"
)

// Signing is one dated agreement of a lead.
type Signing struct {
	ID         int64           `json:"id"`
	LeadID     int64           `json:"lead_id"`
	Kind       SigningKind     `json:"kind"`
	SignedOn   Date            `json:"signed_on"`
	Amount     projects.Amount `json:"amount"`  // as signed (for an increase: the new total)
	Counted    projects.Amount `json:"counted"` // what it adds to the contracted amount
	ContractNo string          `json:"contract_no"`
	Notes      string          `json:"notes"`
	CreatedAt  time.Time       `json:"created_at"`
}

// Counted returns, for signings in date order, the amount each adds to
// the lead's contracted amount and the total: the first signing counts in
// full; a later framework or contract is an upgrade and adds nothing; a
// capital increase adds its new total minus what was counted before.
func Counted(ss []Signing) (each []projects.Amount, total projects.Amount) {
	each = make([]projects.Amount, len(ss))
	for i, s := range ss {
		switch {
		case i == 0:
			each[i] = s.Amount
		case s.Kind == SignIncrease && s.Amount > total:
			each[i] = s.Amount - total
		}
		total += each[i]
	}
	return each, total
}

// SigningProblem returns "" if next may follow the signings prev (in date
// order), else the field and catalog key: an increase needs an earlier
// signing and a new total above the counted one; signings are entered in
// date order so that "first signing" never changes after the fact.
func SigningProblem(prev []Signing, next Signing) (field, key string) {
	switch next.Kind {
	case SignFramework, SignContract, SignIncrease:
	default:
		return "kind", keySignKind
	}
	if len(prev) > 0 && next.SignedOn.Before(prev[len(prev)-1].SignedOn.Time) {
		return "signed_on", keySignBeforeLast
	}
	if next.Kind == SignIncrease {
		if len(prev) == 0 {
			return "kind", keySignFirstKind
		}
		if _, total := Counted(prev); next.Amount <= total {
			return "amount", keySignNotAbove
		}
	}
	return "", ""
}
