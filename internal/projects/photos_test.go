package projects

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/db/dbtest"
	"github.com/changji-gov/bogda/internal/platform/errs"
	"github.com/changji-gov/bogda/internal/platform/web/webtest"
)

// A PNG and a JPEG as net/http's sniffer knows them (their signatures);
// a GIF and a text file are refused.
var (
	pngBytes  = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
	jpegBytes = []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00")
	gifBytes  = []byte("GIF89a\x01\x00\x01\x00")
)

func TestReportPhotos(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		pj := f.projJ(t)
		ent := enterpriseCtx(f.orgJ.ID)
		in := ReportInput{ProjectID: pj.ID, Month: "2025-06", PhysicalAmount: "10"}
		bad := []struct {
			name   string
			photos [][]byte
			key    string
		}{
			{"a GIF", [][]byte{pngBytes, gifBytes}, keyPhotoType},
			{"text", [][]byte{[]byte("hello")}, keyPhotoType},
			{"ten photos", bytes.SplitAfter(bytes.Repeat(pngBytes, 10), pngBytes[len(pngBytes)-1:])[:10], keyPhotoCount},
			{"one byte over 5 MB", [][]byte{append(append([]byte{}, pngBytes...), make([]byte, maxPhotoBytes-len(pngBytes)+1)...)}, keyPhotoSize},
		}
		for _, tt := range bad {
			_, err := f.svc.SubmitReportWithPhotos(ent, in, tt.photos)
			wantValidation(t, err, "photos", tt.key)
		}
		if rs := must(f.svc.Reports(ent, pj.ID, true)); len(rs) != 0 {
			t.Fatalf("refused photos stored a report: %+v", rs)
		}
		exactly5MB := append(append([]byte{}, jpegBytes...), make([]byte, maxPhotoBytes-len(jpegBytes))...)
		r, err := f.svc.SubmitReportWithPhotos(ent, in, [][]byte{pngBytes, exactly5MB})
		if err != nil || len(r.Photos) != 2 {
			t.Fatalf("photos: %+v %v", r, err)
		}
		ph, err := f.svc.GetPhoto(ent, r.Photos[0])
		if err != nil || ph.ContentType != "image/png" || !bytes.Equal(ph.Data, pngBytes) {
			t.Fatalf("photo: %+v %v", ph, err)
		}
		_, err = f.svc.GetPhoto(countyCtx("652328"), r.Photos[0])
		wantIs(t, err, errs.ErrNotFound)
		rs := must(f.svc.Reports(countyCtx("652327"), pj.ID, false))
		if len(rs) != 1 || len(rs[0].Photos) != 2 {
			t.Fatalf("reports with photos: %+v", rs)
		}
	})
}

// The report form uploads photos with the report; the photo is served to
// who may see the project and to nobody else.
func TestReportFormPhotos(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		pj := s.f.projJ(t)
		ent := "enterprise:" + strconv.FormatInt(s.f.orgJ.ID, 10)
		post := func(photo []byte) *httptest.ResponseRecorder {
			var body bytes.Buffer
			mw := multipart.NewWriter(&body)
			_ = mw.WriteField("csrf", s.CSRF.Value)
			_ = mw.WriteField("month", "2025-06")
			_ = mw.WriteField("physical_amount", "10")
			fw, _ := mw.CreateFormFile("photos", "site.png")
			_, _ = fw.Write(photo)
			_ = mw.Close()
			r := httptest.NewRequest("POST", "/projects/"+strconv.FormatInt(pj.ID, 10)+"/reports", &body)
			r.Header.Set("Content-Type", mw.FormDataContentType())
			r.AddCookie(s.CSRF)
			return s.Do(r, ent)
		}
		w := post(gifBytes)
		webtest.WantStatus(t, w, http.StatusUnprocessableEntity)
		webtest.WantBody(t, w, s.ZH("projects.photo.type"))
		webtest.WantStatus(t, post(pngBytes), http.StatusSeeOther)
		rs := must(s.f.svc.Reports(sysCtx(), pj.ID, false))
		path := "/project-photos/" + strconv.FormatInt(rs[0].Photos[0], 10)
		w = s.Get(path, ent)
		webtest.WantStatus(t, w, http.StatusOK)
		if w.Header().Get("Content-Type") != "image/png" || !bytes.Equal(w.Body.Bytes(), pngBytes) {
			t.Fatalf("photo served as %q", w.Header().Get("Content-Type"))
		}
		webtest.WantStatus(t, s.Get(path, "county:652328"), http.StatusNotFound)
		webtest.WantBody(t, s.Get("/projects/"+strconv.FormatInt(pj.ID, 10), ent), path)
	})
}
