package parkstats

import (
	"context"
	"strconv"

	"github.com/changji-gov/bogda/internal/platform/audit"
	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/errs"
)

// Settings are the module's facts that the reference leaves open [U] and
// the prefecture may set: today only the validity of a 高新技术企业
// certificate, used when a certificate is entered without an expiry.
type Settings struct {
	HighTechValidityYears int `json:"hightech_validity_years"`
}

const keyValidityBad = "parkstats.settings.validity_bad"

// GetSettings returns the settings (anyone with the module).
func (s *Service) GetSettings(ctx context.Context) (Settings, error) {
	if _, err := reader(ctx); err != nil {
		return Settings{}, err
	}
	n, err := intSetting(ctx, s.d.Read(), "hightech_validity_years", DefaultValidityYears)
	return Settings{HighTechValidityYears: n}, err
}

// UpdateSettings changes the settings (bureau only). Certificates already
// stored keep their expiry dates.
func (s *Service) UpdateSettings(ctx context.Context, in Settings) (Settings, error) {
	if _, err := bureau(ctx); err != nil {
		return Settings{}, err
	}
	if in.HighTechValidityYears < 1 || in.HighTechValidityYears > 10 {
		return Settings{}, errs.Invalid("hightech_validity_years", keyValidityBad)
	}
	before, err := s.GetSettings(ctx)
	if err != nil {
		return before, err
	}
	err = s.d.Tx(ctx, func(c db.Conn) error {
		if _, err := c.Exec(ctx, `UPDATE parkstats_settings SET value = ?, updated_at = ? WHERE key = 'hightech_validity_years'`,
			strconv.Itoa(in.HighTechValidityYears), s.now().UTC()); err != nil {
			return err
		}
		return audit.Write(ctx, c, audit.Change{Action: audit.ActionUpdate, ObjectType: ObjectSettings, ObjectID: "parkstats", Before: before, After: in})
	})
	return in, err
}
