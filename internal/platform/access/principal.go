package access

import (
	"context"
	"errors"
)

// Principal is whoever is acting: a signed-in user, a machine with an API
// token, or the system itself (migrations, demo loading, CLI).
type Principal struct {
	UserID   int64
	Username string
	Name     string
	Role     Role
	Scope    Scope
	Lang     string
	// TokenID is set when the request came with an API token.
	TokenID int64
	// RemoteAddr is where the request came from, for the audit trail.
	RemoteAddr string
}

// System is the principal for work the operator starts from the command line.
func System(what string) *Principal {
	return &Principal{Username: "system", Name: what, Role: RoleAdmin, RemoteAddr: "local"}
}

// Can reports whether the principal holds permission p.
func (p *Principal) Can(perm Permission) bool { return p != nil && p.Role.Can(perm) }

// ErrNoPrincipal is returned by stores asked to work without knowing for whom:
// they refuse rather than guess.
var ErrNoPrincipal = errors.New("access: no principal in context")

// ErrForbidden means the principal may not do this or see this record.
var ErrForbidden = errors.New("access: forbidden")

type ctxKey struct{}

// With returns ctx carrying p.
func With(ctx context.Context, p *Principal) context.Context {
	return context.WithValue(ctx, ctxKey{}, p)
}

// From returns the principal carried by ctx, or nil.
func From(ctx context.Context) *Principal {
	p, _ := ctx.Value(ctxKey{}).(*Principal)
	return p
}

// Require returns the principal in ctx if it holds perm.
func Require(ctx context.Context, perm Permission) (*Principal, error) {
	p := From(ctx)
	if p == nil {
		return nil, ErrNoPrincipal
	}
	if !p.Can(perm) {
		return nil, ErrForbidden
	}
	return p, nil
}
