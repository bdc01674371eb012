package auth

import (
	"context"
	"errors"
	"strings"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/audit"
	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/errs"
	"github.com/changji-gov/bogda/internal/platform/web"
)

// checkNewUser returns every rule nu breaks for an administrator limited to
// actor, without touching the database.
func (s *Service) checkNewUser(actor access.Scope, nu NewUser) *errs.Validation {
	username := normalizeUsername(nu.Username)
	v := &errs.Validation{}
	if k, args := usernameProblem(username); k != "" {
		v.Add("username", k, args...)
	}
	checkProfile(v, strings.TrimSpace(nu.Name), nu.Role, nu.Scope, nu.Lang)
	if k, args := passwordProblem(username, nu.Password, s.cfg.MinPasswordLen); k != "" {
		v.Add("password", k, args...)
	}
	if !v.Has("scope_division") && !v.Has("scope_org_id") && !grantable(actor, nu.Scope) {
		v.Add("scope_division", "auth.user.scope_outside")
	}
	return v
}

// CreateUser adds an account. Only administrators may, and a county
// administrator only inside the county.
func (s *Service) CreateUser(ctx context.Context, nu NewUser) (User, error) {
	p, err := access.Require(ctx, access.PermUsersAdmin)
	if err != nil {
		return User{}, err
	}
	if err := s.checkNewUser(p.Scope, nu).Err(); err != nil {
		return User{}, err
	}
	username := normalizeUsername(nu.Username)
	name := strings.TrimSpace(nu.Name)
	hash, err := s.hash(ctx, nu.Password)
	if err != nil {
		return User{}, err
	}
	now := s.now()
	u := userRow{User: User{Username: username, Name: name, Role: nu.Role, Scope: nu.Scope, Lang: web.NormalizeLang(nu.Lang),
		Active: true, PasswordChangedAt: now, CreatedAt: now, UpdatedAt: now}, hash: hash}
	err = s.d.Tx(ctx, func(c db.Conn) error {
		// Asking first gives the clear answer on both engines; the unique
		// index still decides a race between two administrators.
		if _, err := getUserByName(ctx, c, username); err == nil {
			return errs.Invalid("username", "auth.user.duplicate")
		} else if !errors.Is(err, errs.ErrNotFound) {
			return err
		}
		id, err := insertUser(ctx, c, u)
		if db.IsUniqueViolation(err) {
			return errs.Invalid("username", "auth.user.duplicate")
		}
		if err != nil {
			return err
		}
		u.ID = id
		return audit.Write(ctx, c, audit.Change{Action: audit.ActionCreate, ObjectType: objectUser, ObjectID: idString(id),
			Division: u.Scope.Division, After: auditOf(u.User)})
	})
	if err != nil {
		return User{}, err
	}
	return u.User, nil
}

// isFullAdmin reports whether u can administer everything: an active,
// unrestricted administrator.
func isFullAdmin(role access.Role, scope access.Scope, active bool) bool {
	return role == access.RoleAdmin && scope.All() && active
}

// UpdateUser replaces an account's name, role, scope, status and language.
// Disabling an account ends its sessions at once. The last active,
// unrestricted administrator cannot be demoted, restricted or disabled:
// nobody would be left to undo it.
func (s *Service) UpdateUser(ctx context.Context, id int64, up UserUpdate) (User, error) {
	p, err := access.Require(ctx, access.PermUsersAdmin)
	if err != nil {
		return User{}, err
	}
	up.Name = strings.TrimSpace(up.Name)
	v := &errs.Validation{}
	checkProfile(v, up.Name, up.Role, up.Scope, up.Lang)
	if err := v.Err(); err != nil {
		return User{}, err
	}
	up.Lang = web.NormalizeLang(up.Lang)
	now := s.now()
	var out User
	err = s.d.Tx(ctx, func(c db.Conn) error {
		cur, err := lockUserRow(ctx, c, id)
		if err != nil {
			return err
		}
		if !grantable(p.Scope, cur.Scope) {
			return errs.ErrNotFound
		}
		if !grantable(p.Scope, up.Scope) {
			return errs.Invalid("scope_division", "auth.user.scope_outside")
		}
		next := cur.User
		next.Name, next.Role, next.Scope, next.Active, next.Lang = up.Name, up.Role, up.Scope, up.Active, up.Lang
		if auditOf(next) == auditOf(cur.User) {
			out = cur.User
			return nil
		}
		if isFullAdmin(cur.Role, cur.Scope, cur.Active) && !isFullAdmin(next.Role, next.Scope, next.Active) {
			n, err := countOtherAdmins(ctx, c, id)
			if err != nil {
				return err
			}
			if n == 0 {
				field := "role"
				if !next.Active {
					field = "active"
				}
				return errs.Invalid(field, "auth.user.last_admin")
			}
		}
		if err := updateUserRow(ctx, c, id, up, now); err != nil {
			return err
		}
		if cur.Active && !next.Active {
			if _, err := deleteUserSessions(ctx, c, id); err != nil {
				return err
			}
		}
		next.UpdatedAt = now
		out = next
		return audit.Write(ctx, c, audit.Change{Action: audit.ActionUpdate, ObjectType: objectUser, ObjectID: idString(id),
			Division: next.Scope.Division, Before: auditOf(cur.User), After: auditOf(next)})
	})
	if err != nil {
		return User{}, err
	}
	return out, nil
}

// GetUser returns an account: one's own, or any within an administrator's scope.
func (s *Service) GetUser(ctx context.Context, id int64) (User, error) {
	p := access.From(ctx)
	if p == nil {
		return User{}, access.ErrNoPrincipal
	}
	if p.UserID != id && !p.Can(access.PermUsersAdmin) {
		return User{}, access.ErrForbidden
	}
	u, err := getUser(ctx, s.d.Read(), id)
	if err != nil {
		return User{}, err
	}
	if p.UserID != id && !grantable(p.Scope, u.Scope) {
		return User{}, errs.ErrNotFound
	}
	return u.User, nil
}

// ListUsers returns one page of the accounts an administrator may see,
// ordered by username, and how many match in all. Limit 0 means 50.
func (s *Service) ListUsers(ctx context.Context, f UserFilter) ([]User, int, error) {
	p, err := access.Require(ctx, access.PermUsersAdmin)
	if err != nil {
		return nil, 0, err
	}
	// The same rule as grantable: a county administrator sees accounts whose
	// division lies in the county; Scope.SQL refuses org-scoped readers.
	where, args := p.Scope.SQL("scope_division", "")
	if q := strings.TrimSpace(f.Q); q != "" {
		where += ` AND (LOWER(username) LIKE LOWER(?) ESCAPE '\' OR LOWER(name) LIKE LOWER(?) ESCAPE '\')`
		args = append(args, likePattern(q), likePattern(q))
	}
	if f.Role != "" {
		where += ` AND role = ?`
		args = append(args, string(f.Role))
	}
	// No ceiling here: HTTP callers are capped by web.Paging, and the CLI's
	// listing of every account is trusted.
	limit, offset := f.Limit, max(f.Offset, 0)
	if limit <= 0 {
		limit = 50
	}
	return listUsers(ctx, s.d.Read(), where, args, limit, offset)
}

// SetLang saves the user's UI language ("" to follow the browser). A user
// sets their own; an administrator anyone's.
func (s *Service) SetLang(ctx context.Context, userID int64, lang string) error {
	p := access.From(ctx)
	if p == nil {
		return access.ErrNoPrincipal
	}
	if p.UserID != userID && !p.Can(access.PermUsersAdmin) {
		return access.ErrForbidden
	}
	norm := web.NormalizeLang(lang)
	if strings.TrimSpace(lang) != "" && norm == "" {
		return errs.Invalid("lang", "auth.user.bad_lang")
	}
	now := s.now()
	return s.d.Tx(ctx, func(c db.Conn) error {
		cur, err := lockUserRow(ctx, c, userID)
		if err != nil {
			return err
		}
		if p.UserID != userID && !grantable(p.Scope, cur.Scope) {
			return errs.ErrNotFound
		}
		if cur.Lang == norm {
			return nil
		}
		if err := setLang(ctx, c, userID, norm, now); err != nil {
			return err
		}
		next := cur.User
		next.Lang = norm
		return audit.Write(ctx, c, audit.Change{Action: audit.ActionUpdate, ObjectType: objectUser, ObjectID: idString(userID),
			Division: cur.Scope.Division, Before: auditOf(cur.User), After: auditOf(next)})
	})
}
