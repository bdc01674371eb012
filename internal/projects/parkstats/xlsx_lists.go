package parkstats

import (
	"bytes"
	"net/http"

	"github.com/changji-gov/bogda/internal/platform/web"
	"github.com/changji-gov/bogda/internal/platform/xlsx"
)

// Workbooks of the lists bureaus circulate besides the park table: the
// 亩均 grades of a sheet and the high-tech certificates valid on a day.

func (h *HTTP) resultsExport(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	sh, err := h.svc.GetSheet(r.Context(), id)
	if err != nil {
		return err
	}
	rs, err := h.svc.Results(r.Context(), id)
	if err != nil {
		return err
	}
	tr := func(key string, args ...any) string { return h.srv.Renderer().T(r, key, args...) }
	headers := []string{tr("parkstats.col.rank"), tr("parkstats.ht.org"), tr("parkstats.col.park"), tr("parkstats.col.division"),
		tr("parkstats.mj.score"), tr("parkstats.mj.grade"), tr("parkstats.mj.exempt")}
	var buf bytes.Buffer
	err = xlsx.Export(&buf, sh.Name, headers, func(yield func([]any) error) error {
		for _, x := range rs {
			var rank, exempt any
			if x.Rank > 0 {
				rank = x.Rank
			}
			if x.Exempt {
				exempt = tr("parkstats.mj.exempt")
			}
			if err := yield([]any{rank, x.OrgName, x.ParkName, x.DivisionCode, float64(x.Score) / 100, x.Grade, exempt}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	return sendWorkbook(w, sh.Name+" "+tr("parkstats.mj.version", sh.Version), &buf)
}

func (h *HTTP) highTechExport(w http.ResponseWriter, r *http.Request) error {
	f := certFilter(r)
	f.Limit, f.Offset = -1, 0
	cs, _, err := h.svc.ListCertificates(r.Context(), f)
	if err != nil {
		return err
	}
	tr := func(key string, args ...any) string { return h.srv.Renderer().T(r, key, args...) }
	headers := []string{tr("parkstats.ht.org"), tr("parkstats.col.park"), tr("parkstats.col.division"), tr("parkstats.ht.cert_no"),
		tr("parkstats.ht.issued_on"), tr("parkstats.ht.expires_on")}
	var buf bytes.Buffer
	err = xlsx.Export(&buf, tr("parkstats.ht.title"), headers, func(yield func([]any) error) error {
		for _, c := range cs {
			if err := yield([]any{c.OrgName, c.ParkName, c.DivisionCode, c.CertNo, c.IssuedOn.Date, c.ExpiresOn.Date}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	name := tr("parkstats.ht.title")
	if f.ValidOn != "" {
		name += " " + f.ValidOn
	}
	return sendWorkbook(w, name, &buf)
}

// highTechDelete removes a certificate entered in error, from its list row.
func (h *HTTP) highTechDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	if err := h.svc.DeleteCertificate(r.Context(), id); err != nil {
		return err
	}
	web.Redirect(w, r, "/park-stats/high-tech?done=saved")
	return nil
}
