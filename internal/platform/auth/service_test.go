package auth

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/errs"
)

func TestCreateUserAndLogin(t *testing.T) {
	each(t, func(t *testing.T, d *db.DB) {
		clk := newTestClock()
		s := newTestService(d, clk)
		u, err := s.CreateUser(sysCtx(), NewUser{Username: "  LiNa.652327 ", Name: " 李娜 ", Password: goodPassword,
			Role: access.RoleLocalStaff, Scope: access.Scope{Division: "652327"}, Lang: "zh"})
		if err != nil {
			t.Fatal(err)
		}
		if u.ID == 0 || u.Username != "lina.652327" || u.Name != "李娜" || u.Lang != "zh-CN" || !u.Active {
			t.Fatalf("created %+v", u)
		}
		got, err := s.GetUser(sysCtx(), u.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !got.CreatedAt.Equal(t0) || got.Role != access.RoleLocalStaff || got.Scope.Division != "652327" {
			t.Fatalf("stored %+v", got)
		}

		// Username lookup is case-insensitive, the password is not.
		tok, lu, err := s.Login(context.Background(), "LINA.652327", goodPassword, "10.0.0.1", "ua")
		if err != nil || tok == "" || lu.ID != u.ID {
			t.Fatalf("login: tok=%q user=%d err=%v", tok, lu.ID, err)
		}
		if _, _, err := s.Login(context.Background(), "lina.652327", strings.ToUpper(goodPassword), "10.0.0.1", "ua"); !errors.Is(err, ErrBadCredentials) {
			t.Fatalf("wrong case password: %v", err)
		}
		p := authCookie(t, s, tok)
		if p == nil || p.UserID != u.ID || p.Role != access.RoleLocalStaff || p.Scope.Division != "652327" || p.Lang != "zh-CN" || p.TokenID != 0 {
			t.Fatalf("principal %+v", p)
		}
		// Only the hash of the token is stored.
		if n := count(t, d, `SELECT COUNT(*) FROM sessions WHERE token_hash = ?`, tok); n != 0 {
			t.Fatal("session token stored in the clear")
		}
		if n := count(t, d, `SELECT COUNT(*) FROM sessions WHERE token_hash = ?`, secretHash(tok)); n != 1 {
			t.Fatal("session hash not stored")
		}
		want := []string{"create", "login", "login_failed"}
		if got := auditActions(t, d, objectUser, idString(u.ID)); !reflect.DeepEqual(got, want) {
			t.Fatalf("audit actions %v, want %v", got, want)
		}
	})
}

func TestCreateUserRefusals(t *testing.T) {
	each(t, func(t *testing.T, d *db.DB) {
		s := newTestService(d, newTestClock())
		mustCreate(t, s, "wangfang", access.RoleBureauSafety, access.Scope{})
		for _, c := range []struct {
			name  string
			nu    NewUser
			field string
			key   string
		}{
			{"duplicate in other case", NewUser{Username: "WangFang", Name: "王芳", Password: goodPassword, Role: access.RoleLeader}, "username", "auth.user.duplicate"},
			{"unknown role", NewUser{Username: "u1abc", Name: "x", Password: goodPassword, Role: "mayor"}, "role", "auth.user.bad_role"},
			{"division not six digits", NewUser{Username: "u2abc", Name: "x", Password: goodPassword, Role: access.RoleLocalStaff, Scope: access.Scope{Division: "6523"}}, "scope_division", "auth.user.bad_division"},
			{"enterprise without organisation", NewUser{Username: "u3abc", Name: "x", Password: goodPassword, Role: access.RoleEnterprise}, "scope_org_id", "auth.user.enterprise_needs_org"},
			{"inspector without division", NewUser{Username: "u4abc", Name: "x", Password: goodPassword, Role: access.RoleInspector}, "scope_division", "auth.user.needs_division"},
			{"short password", NewUser{Username: "u5abc", Name: "x", Password: "123456789", Role: access.RoleLeader}, "password", "auth.password.too_short"},
			{"password is username", NewUser{Username: "u6abcdefghij", Name: "x", Password: "U6abcdefghij", Role: access.RoleLeader}, "password", "auth.password.is_username"},
			{"no name", NewUser{Username: "u7abc", Password: goodPassword, Role: access.RoleLeader}, "name", "shell.form.required"},
		} {
			t.Run(c.name, func(t *testing.T) {
				_, err := s.CreateUser(sysCtx(), c.nu)
				v, ok := errs.AsValidation(err)
				if !ok {
					t.Fatalf("err = %v, want validation", err)
				}
				if got := fieldKeys(v)[c.field]; got != c.key {
					t.Fatalf("field %s: %q, want %q (all: %v)", c.field, got, c.key, fieldKeys(v))
				}
			})
		}
		if n := count(t, d, `SELECT COUNT(*) FROM users`); n != 1 {
			t.Fatalf("%d users after refusals, want 1", n)
		}
		// Only administrators create users.
		leader := mustCreate(t, s, "leader01", access.RoleLeader, access.Scope{})
		ctx := access.With(context.Background(), leader.Principal())
		if _, err := s.CreateUser(ctx, NewUser{Username: "sneaky", Name: "x", Password: goodPassword, Role: access.RoleAdmin}); !errors.Is(err, access.ErrForbidden) {
			t.Fatalf("leader creating user: %v", err)
		}
		if _, err := s.CreateUser(context.Background(), NewUser{}); !errors.Is(err, access.ErrNoPrincipal) {
			t.Fatalf("no principal: %v", err)
		}
	})
}

func TestLockoutAfterFiveFailures(t *testing.T) {
	each(t, func(t *testing.T, d *db.DB) {
		clk := newTestClock()
		s := newTestService(d, clk)
		u := mustCreate(t, s, "zhaolei", access.RoleBureauWater, access.Scope{})
		ctx := context.Background()
		// Failures 1–4: wrong password, account still open (brief: lock after 5).
		for i := 1; i <= 4; i++ {
			if _, _, err := s.Login(ctx, "zhaolei", "wrong-password", "10.0.0.2", ""); !errors.Is(err, ErrBadCredentials) {
				t.Fatalf("failure %d: %v", i, err)
			}
		}
		got, _ := s.GetUser(sysCtx(), u.ID)
		if got.FailedLogins != 4 || !got.LockedUntil.IsZero() {
			t.Fatalf("after 4 failures: %d failures, locked until %v", got.FailedLogins, got.LockedUntil)
		}
		// Failure 5 locks for 15 minutes and says so.
		_, _, err := s.Login(ctx, "zhaolei", "wrong-password", "10.0.0.2", "")
		var le *LockedError
		if !errors.As(err, &le) || !le.Until.Equal(t0.Add(15*time.Minute)) {
			t.Fatalf("failure 5: %v", err)
		}
		// The right password does not help while locked.
		clk.Advance(15*time.Minute - time.Microsecond)
		if _, _, err := s.Login(ctx, "zhaolei", goodPassword, "10.0.0.2", ""); !errors.As(err, &le) {
			t.Fatalf("right password while locked: %v", err)
		}
		// At 15 minutes the lock is over.
		clk.Advance(time.Microsecond)
		if _, _, err := s.Login(ctx, "zhaolei", goodPassword, "10.0.0.2", ""); err != nil {
			t.Fatalf("after the lock: %v", err)
		}
		got, _ = s.GetUser(sysCtx(), u.ID)
		if got.FailedLogins != 0 || !got.LockedUntil.IsZero() {
			t.Fatalf("success did not reset the counter: %+v", got)
		}
		acts := auditActions(t, d, objectUser, idString(u.ID))
		want := []string{"create", "login_failed", "login_failed", "login_failed", "login_failed", "login_failed", "lockout", "login"}
		if !reflect.DeepEqual(acts, want) {
			t.Fatalf("audit %v, want %v", acts, want)
		}
		// A success in between restarts the count: 4 failures, success, 4 failures stays open.
		for i := 0; i < 4; i++ {
			_, _, _ = s.Login(ctx, "zhaolei", "wrong-password", "10.0.0.3", "")
		}
		mustLogin(t, s, "zhaolei", "10.0.0.3")
		for i := 0; i < 4; i++ {
			_, _, _ = s.Login(ctx, "zhaolei", "wrong-password", "10.0.0.3", "")
		}
		if _, _, err := s.Login(ctx, "zhaolei", goodPassword, "10.0.0.3", ""); err != nil {
			t.Fatalf("4 failures after a success locked the account: %v", err)
		}
	})
}

func TestAddressLimit(t *testing.T) {
	each(t, func(t *testing.T, d *db.DB) {
		clk := newTestClock()
		s := newTestService(d, clk)
		mustCreate(t, s, "sunmei", access.RoleBureauDev, access.Scope{})
		ctx := context.Background()
		const addr = "192.0.2.7"
		// 21 failures against unknown accounts (a password spray: no account
		// locks). The first at t0, the rest a minute later.
		if _, _, err := s.Login(ctx, "nobody0", "x", addr, ""); !errors.Is(err, ErrBadCredentials) {
			t.Fatalf("unknown user: %v", err)
		}
		clk.Advance(time.Minute)
		for i := 1; i <= 20; i++ {
			if _, _, err := s.Login(ctx, "nobody"+idString(int64(i)), "x", addr, ""); !errors.Is(err, ErrBadCredentials) {
				t.Fatalf("failure %d: %v, want wrong credentials (20 failures are allowed)", i+1, err)
			}
		}
		// 21 failures in the window: more than 20, so even the right password is refused.
		if _, _, err := s.Login(ctx, "sunmei", goodPassword, addr, ""); !errors.Is(err, ErrAddrThrottled) {
			t.Fatalf("after 21 failures: %v", err)
		}
		// Refusals are not failures: the count stays at 21.
		if n := count(t, d, `SELECT COUNT(*) FROM login_failures WHERE remote_addr = ?`, addr); n != 21 {
			t.Fatalf("%d failures recorded, want 21", n)
		}
		// Another address is not affected.
		mustLogin(t, s, "sunmei", "192.0.2.8")
		// 15 minutes after the first failure it leaves the window: 20 remain, allowed again.
		clk.Advance(14 * time.Minute)
		if _, _, err := s.Login(ctx, "sunmei", goodPassword, addr, ""); err != nil {
			t.Fatalf("first failure left the window, still refused: %v", err)
		}
	})
}

func TestAddressWindowEdgeInDatabase(t *testing.T) {
	each(t, func(t *testing.T, d *db.DB) {
		clk := newTestClock()
		s := newTestService(d, clk)
		cfg := s.Config()
		for i := 0; i < 21; i++ {
			if err := d.Tx(context.Background(), func(c db.Conn) error { return addAddrFailure(context.Background(), c, "a", "", t0) }); err != nil {
				t.Fatal(err)
			}
		}
		for _, c := range []struct {
			name string
			now  time.Time
			want int
		}{
			{"a microsecond before the window passes", t0.Add(cfg.AddrWindow - time.Microsecond), 21},
			{"exactly when it passes", t0.Add(cfg.AddrWindow), 0},
		} {
			n, err := addrFailures(context.Background(), d.Read(), "a", addrWindowStart(c.now, cfg))
			if err != nil || n != c.want {
				t.Errorf("%s: %d failures (err %v), want %d", c.name, n, err, c.want)
			}
		}
	})
}

func TestSessionIdleAndAbsoluteExpiry(t *testing.T) {
	each(t, func(t *testing.T, d *db.DB) {
		clk := newTestClock()
		s := newTestService(d, clk)
		mustCreate(t, s, "chenjing", access.RoleLeader, access.Scope{})

		// Idle: a request after 7h59m keeps it alive; 8h of silence after that ends it.
		tok := mustLogin(t, s, "chenjing", "10.1.1.1")
		clk.Advance(8*time.Hour - time.Minute)
		if authCookie(t, s, tok) == nil {
			t.Fatal("session ended before 8 idle hours")
		}
		clk.Advance(8 * time.Hour)
		if authCookie(t, s, tok) != nil {
			t.Fatal("session survived 8 idle hours")
		}
		if n := count(t, d, `SELECT COUNT(*) FROM sessions WHERE token_hash = ?`, secretHash(tok)); n != 0 {
			t.Fatal("ended session not removed")
		}

		// Absolute: used every 7 hours, it still ends 7 days after sign-in.
		tok = mustLogin(t, s, "chenjing", "10.1.1.1")
		start := clk.Now()
		for clk.Now().Add(7 * time.Hour).Before(start.Add(7 * 24 * time.Hour)) {
			clk.Advance(7 * time.Hour)
			if authCookie(t, s, tok) == nil {
				t.Fatalf("busy session ended after %v", clk.Now().Sub(start))
			}
		}
		clk.Advance(start.Add(7*24*time.Hour).Sub(clk.Now()) - time.Microsecond)
		if authCookie(t, s, tok) == nil {
			t.Fatal("session ended a microsecond before 7 days")
		}
		clk.Advance(time.Microsecond)
		if authCookie(t, s, tok) != nil {
			t.Fatal("session outlived 7 days")
		}
	})
}

func TestLastSeenWrittenAtMostOncePerMinute(t *testing.T) {
	each(t, func(t *testing.T, d *db.DB) {
		clk := newTestClock()
		s := newTestService(d, clk)
		mustCreate(t, s, "heyu", access.RoleLeader, access.Scope{})
		tok := mustLogin(t, s, "heyu", "")
		lastSeen := func() time.Time {
			sess, err := getSession(context.Background(), d.Read(), secretHash(tok))
			if err != nil {
				t.Fatal(err)
			}
			return sess.lastSeen
		}
		clk.Advance(59 * time.Second)
		authCookie(t, s, tok)
		if !lastSeen().Equal(t0) {
			t.Fatalf("last seen rewritten after 59s: %v", lastSeen())
		}
		clk.Advance(time.Second)
		authCookie(t, s, tok)
		if !lastSeen().Equal(t0.Add(time.Minute)) {
			t.Fatalf("last seen not rewritten after a minute: %v", lastSeen())
		}
	})
}

func TestLogout(t *testing.T) {
	each(t, func(t *testing.T, d *db.DB) {
		s := newTestService(d, newTestClock())
		u := mustCreate(t, s, "liuyang", access.RoleLeader, access.Scope{})
		tok := mustLogin(t, s, "liuyang", "10.0.0.9")
		other := mustLogin(t, s, "liuyang", "10.0.0.9")
		if err := s.Logout(context.Background(), tok); err != nil {
			t.Fatal(err)
		}
		if authCookie(t, s, tok) != nil {
			t.Fatal("session usable after logout")
		}
		if authCookie(t, s, other) == nil {
			t.Fatal("logout ended the user's other session")
		}
		if err := s.Logout(context.Background(), tok); err != nil {
			t.Fatalf("second logout: %v", err)
		}
		acts := auditActions(t, d, objectUser, idString(u.ID))
		if acts[len(acts)-1] != "logout" || strings.Count(strings.Join(acts, ","), "logout") != 1 {
			t.Fatalf("audit %v, want one logout at the end", acts)
		}
	})
}

func TestAPITokens(t *testing.T) {
	each(t, func(t *testing.T, d *db.DB) {
		clk := newTestClock()
		s := newTestService(d, clk)
		u := mustCreate(t, s, "gateway.zd", access.RoleEnterprise, access.Scope{Division: "652325", Org: 42})
		other := mustCreate(t, s, "someone", access.RoleEnterprise, access.Scope{Org: 43})
		self := access.With(context.Background(), u.Principal())

		plain, tk, err := s.CreateToken(self, u.ID, " 准东网关 ", time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(plain, "bgd_") || tk.Prefix != plain[:12] || tk.Name != "准东网关" {
			t.Fatalf("token %q %+v", plain, tk)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM api_tokens WHERE token_hash = ?`, secretHash(plain)); n != 1 {
			t.Fatal("token hash not stored")
		}
		p, err := authBearer(s, plain)
		if err != nil || p == nil {
			t.Fatalf("bearer: %v", err)
		}
		// The token acts as its user: same role and scope, and says which token.
		if p.UserID != u.ID || p.Role != access.RoleEnterprise || p.Scope != u.Scope || p.TokenID != tk.ID {
			t.Fatalf("token principal %+v", p)
		}
		toks, _ := s.ListTokens(self, u.ID)
		if len(toks) != 1 || !toks[0].LastUsedAt.Equal(t0) {
			t.Fatalf("last used not recorded: %+v", toks)
		}
		// Within a minute last_used_at is not rewritten.
		clk.Advance(30 * time.Second)
		_, _ = authBearer(s, plain)
		toks, _ = s.ListTokens(self, u.ID)
		if !toks[0].LastUsedAt.Equal(t0) {
			t.Fatalf("last used rewritten within a minute: %v", toks[0].LastUsedAt)
		}

		// A machine with a token cannot mint more tokens or change the password.
		machine := access.With(context.Background(), p)
		if _, _, err := s.CreateToken(machine, u.ID, "more", time.Time{}); !errors.Is(err, access.ErrForbidden) {
			t.Fatalf("token minting a token: %v", err)
		}
		if err := s.ChangePassword(machine, u.ID, goodPassword, "a-new-password-1"); !errors.Is(err, access.ErrForbidden) {
			t.Fatalf("token changing password: %v", err)
		}
		// Someone else's token is not there for another user.
		stranger := access.With(context.Background(), other.Principal())
		if err := s.RevokeToken(stranger, tk.ID); !errors.Is(err, errs.ErrNotFound) {
			t.Fatalf("stranger revoking: %v", err)
		}
		if _, err := s.ListTokens(stranger, u.ID); !errors.Is(err, access.ErrForbidden) {
			t.Fatalf("stranger listing: %v", err)
		}

		// Malformed, unknown and revoked tokens are refused.
		for _, bad := range []string{"", "bgd_", "bgd_nonsense", plain[4:], plain + "x"} {
			if p, err := authBearer(s, bad); p != nil || !errors.Is(err, ErrInvalidToken) {
				t.Fatalf("token %q: p=%v err=%v", bad, p, err)
			}
		}
		if err := s.RevokeToken(self, tk.ID); err != nil {
			t.Fatal(err)
		}
		if p, err := authBearer(s, plain); p != nil || !errors.Is(err, ErrInvalidToken) {
			t.Fatalf("revoked token: p=%v err=%v", p, err)
		}
		if err := s.RevokeToken(self, tk.ID); err != nil {
			t.Fatalf("revoking twice: %v", err)
		}
		if acts := auditActions(t, d, objectToken, idString(tk.ID)); !reflect.DeepEqual(acts, []string{"token_create", "token_revoke"}) {
			t.Fatalf("token audit %v", acts)
		}

		// Expiry: valid until the instant, not after.
		exp := clk.Now().Add(time.Hour)
		plain2, _, err := s.CreateToken(self, u.ID, "short", exp)
		if err != nil {
			t.Fatal(err)
		}
		clk.Advance(time.Hour - time.Microsecond)
		if p, _ := authBearer(s, plain2); p == nil {
			t.Fatal("token refused before its expiry")
		}
		clk.Advance(time.Microsecond)
		if p, err := authBearer(s, plain2); p != nil || !errors.Is(err, ErrInvalidToken) {
			t.Fatal("token accepted at its expiry")
		}
		if _, _, err := s.CreateToken(self, u.ID, "past", clk.Now()); fieldKeys(mustValidation(t, err))["expires"] != "auth.token.expires_past" {
			t.Fatalf("expiry now: %v", err)
		}

		// A disabled user's tokens stop working.
		plain3, _, _ := s.CreateToken(self, u.ID, "third", time.Time{})
		if _, err := s.UpdateUser(sysCtx(), u.ID, UserUpdate{Name: u.Name, Role: u.Role, Scope: u.Scope, Active: false}); err != nil {
			t.Fatal(err)
		}
		if p, err := authBearer(s, plain3); p != nil || !errors.Is(err, ErrInvalidToken) {
			t.Fatal("disabled user's token accepted")
		}
	})
}

func mustValidation(t *testing.T, err error) *errs.Validation {
	t.Helper()
	v, ok := errs.AsValidation(err)
	if !ok {
		t.Fatalf("err = %v, want validation", err)
	}
	return v
}

func TestChangePasswordEndsSessions(t *testing.T) {
	each(t, func(t *testing.T, d *db.DB) {
		clk := newTestClock()
		s := newTestService(d, clk)
		u := mustCreate(t, s, "maqiang", access.RoleBureauEnergy, access.Scope{})
		phone := mustLogin(t, s, "maqiang", "10.2.0.1")
		desk := mustLogin(t, s, "maqiang", "10.2.0.2")
		self := access.With(context.Background(), authCookie(t, s, desk))

		v := mustValidation(t, s.ChangePassword(self, u.ID, "not-my-password", "another-password-2"))
		if fieldKeys(v)["old_password"] != "auth.password.wrong_old" {
			t.Fatalf("wrong old password: %v", v)
		}
		v = mustValidation(t, s.ChangePassword(self, u.ID, goodPassword, "short"))
		if fieldKeys(v)["new_password"] != "auth.password.too_short" {
			t.Fatalf("short new password: %v", v)
		}
		v = mustValidation(t, s.ChangePassword(self, u.ID, goodPassword, goodPassword))
		if fieldKeys(v)["new_password"] != "auth.password.unchanged" {
			t.Fatalf("same password: %v", v)
		}
		if authCookie(t, s, phone) == nil {
			t.Fatal("a refused change ended sessions")
		}
		if err := s.ChangePassword(self, u.ID, goodPassword, "another-password-2"); err != nil {
			t.Fatal(err)
		}
		if authCookie(t, s, phone) != nil || authCookie(t, s, desk) != nil {
			t.Fatal("sessions survived the password change")
		}
		if _, _, err := s.Login(context.Background(), "maqiang", goodPassword, "", ""); !errors.Is(err, ErrBadCredentials) {
			t.Fatalf("old password: %v", err)
		}
		if _, _, err := s.Login(context.Background(), "maqiang", "another-password-2", "", ""); err != nil {
			t.Fatalf("new password: %v", err)
		}
		// Users change only their own password.
		other := mustCreate(t, s, "other1", access.RoleLeader, access.Scope{})
		if err := s.ChangePassword(access.With(context.Background(), other.Principal()), u.ID, "x", "y"); !errors.Is(err, access.ErrForbidden) {
			t.Fatalf("changing someone else's password: %v", err)
		}
		acts := auditActions(t, d, objectUser, idString(u.ID))
		if !strings.Contains(strings.Join(acts, ","), "password_change") {
			t.Fatalf("no password_change in audit %v", acts)
		}
	})
}

func TestWrongOldPasswordCountsTowardLockout(t *testing.T) {
	each(t, func(t *testing.T, d *db.DB) {
		s := newTestService(d, newTestClock())
		u := mustCreate(t, s, "thief.target", access.RoleLeader, access.Scope{})
		self := access.With(context.Background(), u.Principal())
		for i := 1; i <= 4; i++ {
			_ = s.ChangePassword(self, u.ID, "guess", "whatever-new-1")
		}
		v := mustValidation(t, s.ChangePassword(self, u.ID, "guess", "whatever-new-1"))
		if fieldKeys(v)["old_password"] != "auth.login.locked" {
			t.Fatalf("fifth wrong old password: %v", v)
		}
		var le *LockedError
		if _, _, err := s.Login(context.Background(), "thief.target", goodPassword, "", ""); !errors.As(err, &le) {
			t.Fatalf("login after 5 wrong old passwords: %v", err)
		}
	})
}

func TestSetPasswordResetsLockAndSessions(t *testing.T) {
	each(t, func(t *testing.T, d *db.DB) {
		s := newTestService(d, newTestClock())
		u := mustCreate(t, s, "guoli", access.RoleBureauDev, access.Scope{})
		tok := mustLogin(t, s, "guoli", "")
		for i := 0; i < 5; i++ {
			_, _, _ = s.Login(context.Background(), "guoli", "bad-password", "", "")
		}
		if err := s.SetPassword(sysCtx(), "GuoLi", "reset-by-admin-1"); err != nil {
			t.Fatal(err)
		}
		if authCookie(t, s, tok) != nil {
			t.Fatal("session survived an administrator's reset")
		}
		if _, _, err := s.Login(context.Background(), "guoli", "reset-by-admin-1", "", ""); err != nil {
			t.Fatalf("login after reset (lock must be lifted): %v", err)
		}
		if err := s.SetPassword(sysCtx(), "guoli", "guoli"); fieldKeys(mustValidation(t, err))["password"] != "auth.password.too_short" {
			t.Fatalf("weak reset: %v", err)
		}
		if err := s.SetPassword(sysCtx(), "nobody", "reset-by-admin-1"); !errors.Is(err, errs.ErrNotFound) {
			t.Fatalf("reset unknown user: %v", err)
		}
		if err := s.SetPassword(access.With(context.Background(), u.Principal()), "guoli", "reset-by-self-11"); !errors.Is(err, access.ErrForbidden) {
			t.Fatalf("non-admin reset: %v", err)
		}
	})
}

func TestLastAdminProtected(t *testing.T) {
	each(t, func(t *testing.T, d *db.DB) {
		s := newTestService(d, newTestClock())
		root := mustCreate(t, s, "root.admin", access.RoleAdmin, access.Scope{})
		me := access.With(context.Background(), root.Principal())
		keep := UserUpdate{Name: root.Name, Role: access.RoleAdmin, Active: true}
		for _, c := range []struct {
			name  string
			up    UserUpdate
			field string
		}{
			{"demote", UserUpdate{Name: root.Name, Role: access.RoleLeader, Active: true}, "role"},
			{"disable", UserUpdate{Name: root.Name, Role: access.RoleAdmin, Active: false}, "active"},
			{"restrict to a county", UserUpdate{Name: root.Name, Role: access.RoleAdmin, Scope: access.Scope{Division: "652301"}, Active: true}, "role"},
		} {
			_, err := s.UpdateUser(me, root.ID, c.up)
			if fieldKeys(mustValidation(t, err))[c.field] != "auth.user.last_admin" {
				t.Fatalf("%s the last admin: %v", c.name, err)
			}
		}
		// Renaming is fine.
		keep.Name = "州平台管理员"
		if _, err := s.UpdateUser(me, root.ID, keep); err != nil {
			t.Fatalf("rename: %v", err)
		}
		// A county administrator does not count as a replacement.
		mustCreate(t, s, "county.admin", access.RoleAdmin, access.Scope{Division: "652327"})
		if _, err := s.UpdateUser(me, root.ID, UserUpdate{Name: keep.Name, Role: access.RoleLeader, Active: true}); err == nil {
			t.Fatal("demoted the last prefecture-wide admin while only a county admin remained")
		}
		// With a second full administrator, the first may step down.
		mustCreate(t, s, "second.admin", access.RoleAdmin, access.Scope{})
		u, err := s.UpdateUser(me, root.ID, UserUpdate{Name: keep.Name, Role: access.RoleLeader, Active: true})
		if err != nil || u.Role != access.RoleLeader {
			t.Fatalf("step down with another admin: %v", err)
		}
	})
}

func TestDisableEndsSessions(t *testing.T) {
	each(t, func(t *testing.T, d *db.DB) {
		s := newTestService(d, newTestClock())
		u := mustCreate(t, s, "xuhui", access.RoleInspector, access.Scope{Division: "652302"})
		tok := mustLogin(t, s, "xuhui", "")
		if _, err := s.UpdateUser(sysCtx(), u.ID, UserUpdate{Name: u.Name, Role: u.Role, Scope: u.Scope, Active: false}); err != nil {
			t.Fatal(err)
		}
		if authCookie(t, s, tok) != nil {
			t.Fatal("disabled user's session still works")
		}
		if n := count(t, d, `SELECT COUNT(*) FROM sessions WHERE user_id = ?`, u.ID); n != 0 {
			t.Fatalf("%d sessions left", n)
		}
		// The right password now says "disabled"; a wrong one does not reveal it.
		if _, _, err := s.Login(context.Background(), "xuhui", goodPassword, "", ""); !errors.Is(err, ErrDisabled) {
			t.Fatalf("disabled login: %v", err)
		}
		if _, _, err := s.Login(context.Background(), "xuhui", "wrong-one-here", "", ""); !errors.Is(err, ErrBadCredentials) {
			t.Fatalf("disabled, wrong password: %v", err)
		}
		acts := auditActions(t, d, objectUser, idString(u.ID))
		if !strings.Contains(strings.Join(acts, ","), "update,login_refused") {
			t.Fatalf("audit %v", acts)
		}
	})
}

func TestRehashOnLogin(t *testing.T) {
	each(t, func(t *testing.T, d *db.DB) {
		s := newTestService(d, newTestClock())
		u := mustCreate(t, s, "oldhash", access.RoleLeader, access.Scope{})
		weak, _ := hashPassword(goodPassword, Argon2Params{MemoryKiB: 1024, Iterations: 1, Parallelism: 1})
		if _, err := d.Write().Exec(context.Background(), `UPDATE users SET password_hash = ? WHERE id = ?`, weak, u.ID); err != nil {
			t.Fatal(err)
		}
		mustLogin(t, s, "oldhash", "")
		row, _ := getUser(context.Background(), d.Read(), u.ID)
		if !strings.HasPrefix(row.hash, "$argon2id$v=19$m=19456,t=2,p=1$") {
			t.Fatalf("hash not upgraded: %s", row.hash)
		}
		mustLogin(t, s, "oldhash", "")
	})
}

func TestScopedAdministrator(t *testing.T) {
	each(t, func(t *testing.T, d *db.DB) {
		s := newTestService(d, newTestClock())
		county := mustCreate(t, s, "jimsar.admin", access.RoleAdmin, access.Scope{Division: "652327"}) // 吉木萨尔县
		in := mustCreate(t, s, "jimsar.staff", access.RoleLocalStaff, access.Scope{Division: "652327"})
		out := mustCreate(t, s, "changji.staff", access.RoleLocalStaff, access.Scope{Division: "652301"}) // 昌吉市
		ctx := access.With(context.Background(), county.Principal())

		users, total, err := s.ListUsers(ctx, UserFilter{})
		if err != nil {
			t.Fatal(err)
		}
		names := []string{}
		for _, u := range users {
			names = append(names, u.Username)
		}
		if total != 2 || !reflect.DeepEqual(names, []string{"jimsar.admin", "jimsar.staff"}) {
			t.Fatalf("county admin sees %v (total %d)", names, total)
		}
		if _, err := s.GetUser(ctx, out.ID); !errors.Is(err, errs.ErrNotFound) {
			t.Fatalf("county admin reading another county's user: %v", err)
		}
		if _, err := s.UpdateUser(ctx, out.ID, UserUpdate{Name: "x", Role: access.RoleLocalStaff, Scope: out.Scope, Active: false}); !errors.Is(err, errs.ErrNotFound) {
			t.Fatalf("county admin disabling another county's user: %v", err)
		}
		if err := s.SetPassword(ctx, out.Username, "taken-over-123"); !errors.Is(err, errs.ErrNotFound) {
			t.Fatalf("county admin resetting another county's password: %v", err)
		}
		_, err = s.UpdateUser(ctx, in.ID, UserUpdate{Name: in.Name, Role: access.RoleLocalStaff, Scope: access.Scope{Division: "652301"}, Active: true})
		if fieldKeys(mustValidation(t, err))["scope_division"] != "auth.user.scope_outside" {
			t.Fatalf("moving a user out of the county: %v", err)
		}
		_, err = s.CreateUser(ctx, NewUser{Username: "bigboss", Name: "x", Password: goodPassword, Role: access.RoleAdmin})
		if fieldKeys(mustValidation(t, err))["scope_division"] != "auth.user.scope_outside" {
			t.Fatalf("county admin creating a prefecture admin: %v", err)
		}
	})
}

func TestListUsersSearchAndPaging(t *testing.T) {
	each(t, func(t *testing.T, d *db.DB) {
		s := newTestService(d, newTestClock())
		for _, n := range []string{"alpha01", "alpha02", "beta-01", "beta_02", "gamma01"} {
			mustCreate(t, s, n, access.RoleLeader, access.Scope{})
		}
		mustCreate(t, s, "inspector1", access.RoleInspector, access.Scope{Division: "652323"})
		for _, c := range []struct {
			name  string
			f     UserFilter
			want  []string
			total int
		}{
			{"all, first page", UserFilter{Limit: 2}, []string{"alpha01", "alpha02"}, 6},
			// The CLI lists everyone with a large limit (cmd/bogda user list).
			{"large limit", UserFilter{Limit: 100000}, []string{"alpha01", "alpha02", "beta-01", "beta_02", "gamma01", "inspector1"}, 6},
			// Names chosen to sort alike under byte order and under locale
			// collations that skip punctuation (beta01 < beta02 either way).
			{"second page", UserFilter{Limit: 2, Offset: 2}, []string{"beta-01", "beta_02"}, 6},
			{"search upper case", UserFilter{Q: "ALPHA"}, []string{"alpha01", "alpha02"}, 2},
			// "_" is literal in the search, not LIKE's any-character.
			{"underscore literal", UserFilter{Q: "a_0"}, []string{"beta_02"}, 1},
			{"search the name", UserFilter{Q: "测试 gamma"}, []string{"gamma01"}, 1},
			{"by role", UserFilter{Role: access.RoleInspector}, []string{"inspector1"}, 1},
			{"nothing", UserFilter{Q: "zzz"}, []string{}, 0},
		} {
			users, total, err := s.ListUsers(sysCtx(), c.f)
			if err != nil {
				t.Fatal(err)
			}
			got := []string{}
			for _, u := range users {
				got = append(got, u.Username)
			}
			if !reflect.DeepEqual(got, c.want) || total != c.total {
				t.Errorf("%s: %v (total %d), want %v (total %d)", c.name, got, total, c.want, c.total)
			}
		}
	})
}

func TestSetLang(t *testing.T) {
	each(t, func(t *testing.T, d *db.DB) {
		s := newTestService(d, newTestClock())
		u := mustCreate(t, s, "langtest", access.RoleLeader, access.Scope{})
		self := access.With(context.Background(), u.Principal())
		if err := s.SetLang(self, u.ID, "en-US"); err != nil {
			t.Fatal(err)
		}
		got, _ := s.GetUser(self, u.ID)
		if got.Lang != "en" {
			t.Fatalf("lang %q", got.Lang)
		}
		if err := s.SetLang(self, u.ID, "fr"); fieldKeys(mustValidation(t, err))["lang"] != "auth.user.bad_lang" {
			t.Fatalf("fr: %v", err)
		}
		other := mustCreate(t, s, "langother", access.RoleLeader, access.Scope{})
		if err := s.SetLang(self, other.ID, "en"); !errors.Is(err, access.ErrForbidden) {
			t.Fatalf("setting another user's lang: %v", err)
		}
	})
}

func TestAuditHoldsNoSecrets(t *testing.T) {
	each(t, func(t *testing.T, d *db.DB) {
		s := newTestService(d, newTestClock())
		u := mustCreate(t, s, "secretive", access.RoleBureauDev, access.Scope{})
		self := access.With(context.Background(), u.Principal())
		plain, tk, err := s.CreateToken(self, u.ID, "t", time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		_ = s.RevokeToken(self, tk.ID)
		tok := mustLogin(t, s, "secretive", "")
		_, _, _ = s.Login(context.Background(), "secretive", "nope-nope-nope", "", "")
		_ = s.ChangePassword(self, u.ID, goodPassword, "second-password-9")
		_ = s.SetPassword(sysCtx(), "secretive", "third-password-99")
		_ = s.Logout(context.Background(), tok)
		row, _ := getUser(context.Background(), d.Read(), u.ID)

		rows, err := d.Read().Query(context.Background(), `SELECT before_json || after_json FROM audit_log`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		n := 0
		for rows.Next() {
			var body string
			if err := rows.Scan(&body); err != nil {
				t.Fatal(err)
			}
			n++
			for _, secret := range []string{"argon2", row.hash, plain, secretHash(plain), tok, secretHash(tok),
				goodPassword, "second-password-9", "third-password-99", "nope-nope-nope"} {
				if strings.Contains(body, secret) {
					t.Fatalf("audit record holds a secret (%q…): %s", secret[:min(len(secret), 8)], body)
				}
			}
		}
		if n < 7 {
			t.Fatalf("only %d audit records", n)
		}
	})
}

func TestOversizedLoginInputIsBounded(t *testing.T) {
	each(t, func(t *testing.T, d *db.DB) {
		s := newTestService(d, newTestClock())
		huge := strings.Repeat("a", 1<<20)
		if _, _, err := s.Login(context.Background(), huge, huge, "203.0.113.9"+huge, huge); !errors.Is(err, ErrBadCredentials) {
			t.Fatalf("huge input: %v", err)
		}
		var name, addr string
		if err := d.Read().QueryRow(context.Background(), `SELECT username, remote_addr FROM login_failures`).Scan(&name, &addr); err != nil {
			t.Fatal(err)
		}
		if len(name) > maxUsernameLen+1 || len(addr) > maxAddrLen {
			t.Fatalf("stored %d-byte username and %d-byte address", len(name), len(addr))
		}
	})
}
