package auth

import "time"

// Config holds the rules of signing in. Zero fields take the defaults.
type Config struct {
	// MinPasswordLen is the least number of characters of a password.
	MinPasswordLen int
	// MaxFailures consecutive wrong passwords lock an account for LockFor.
	MaxFailures int
	LockFor     time.Duration
	// More than AddrMaxFailures failed logins from one address within
	// AddrWindow refuse further attempts from it until the window passes.
	AddrMaxFailures int
	AddrWindow      time.Duration
	// A session ends after SessionIdle without a request, and SessionMax after
	// sign-in whatever happens.
	SessionIdle, SessionMax time.Duration
	// Now is the clock; tests inject one so that lockouts and expiry need no sleeps.
	Now func() time.Time
	// Argon2 is the password hashing cost.
	Argon2 Argon2Params
}

// DefaultConfig is the house policy (set in the platform brief). GB/T
// 22239-2019 (等保 2.0) §8.1.4.1 b) asks for login failure handling —
// limiting illegal login attempts and ending idle sessions — without fixing
// numbers; NIST SP 800-63B §5.2.2 caps consecutive failures at 100. Hence:
//   - passwords of at least 10 characters;
//   - 5 consecutive failures lock the account for 15 minutes;
//   - more than 20 failures from one address in 15 minutes refuse that
//     address, which one person mistyping never reaches but a password
//     sprayer trying many accounts soon does;
//   - sessions end after 8 idle hours (a working day) and in any case 7 days
//     after sign-in.
func DefaultConfig() Config {
	return Config{
		MinPasswordLen:  10,
		MaxFailures:     5,
		LockFor:         15 * time.Minute,
		AddrMaxFailures: 20,
		AddrWindow:      15 * time.Minute,
		SessionIdle:     8 * time.Hour,
		SessionMax:      7 * 24 * time.Hour,
		Now:             time.Now,
		Argon2:          DefaultArgon2(),
	}
}

// withDefaults fills every zero field from DefaultConfig.
func (c Config) withDefaults() Config {
	d := DefaultConfig()
	if c.MinPasswordLen <= 0 {
		c.MinPasswordLen = d.MinPasswordLen
	}
	if c.MaxFailures <= 0 {
		c.MaxFailures = d.MaxFailures
	}
	if c.LockFor <= 0 {
		c.LockFor = d.LockFor
	}
	if c.AddrMaxFailures <= 0 {
		c.AddrMaxFailures = d.AddrMaxFailures
	}
	if c.AddrWindow <= 0 {
		c.AddrWindow = d.AddrWindow
	}
	if c.SessionIdle <= 0 {
		c.SessionIdle = d.SessionIdle
	}
	if c.SessionMax <= 0 {
		c.SessionMax = d.SessionMax
	}
	if c.Now == nil {
		c.Now = d.Now
	}
	if c.Argon2.MemoryKiB == 0 || c.Argon2.Iterations == 0 || c.Argon2.Parallelism == 0 {
		c.Argon2 = d.Argon2
	}
	return c
}
