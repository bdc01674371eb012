package e2e

import (
	"context"
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/safety"
)

// On the inspection record, the inspector and the enterprise's
// representative each sign on the pad with a finger (pointer events here)
// and the record then carries both signatures (issue 4 §3).
func TestInspectionSignedByBothSides(t *testing.T) {
	s := startSite(t)
	ent := safetyHazchem(t, s)
	inspector := access.With(context.Background(), &access.Principal{Username: "inspector", Role: access.RoleInspector, Scope: access.Scope{Division: "652327"}})
	x, err := s.App.Safety.CreateInspection(inspector, safety.InspectionInput{EnterpriseID: ent.ID, Kind: "department", InspectedOn: safetyDay(0),
		Inspectors: "王强", EnterpriseSigner: "赵立新",
		Findings: []safety.FindingInput{{CriterionID: safetyCriterion(t, s, "hazchem", "AJZG3-2017-121", "15"), Passed: true}}})
	if err != nil {
		t.Fatal(err)
	}
	ctx := newBrowser(t)
	stroke := func(pad string) string {
		return fmt.Sprintf(`(function(){var c=document.querySelector('[data-testid=%s]');var r=c.getBoundingClientRect();
function ev(t,x,y){c.dispatchEvent(new PointerEvent(t,{bubbles:true,pointerId:1,clientX:r.left+x,clientY:r.top+y}));}
ev('pointerdown',10,10);for(var i=1;i<20;i++){ev('pointermove',10+i*8,10+(i%%5)*6);}ev('pointerup',170,20);return c.hasAttribute('data-signed');})()`, pad)
	}
	do(t, ctx,
		login(s, "inspector"),
		chromedp.Navigate(fmt.Sprintf("%s/safety/inspections/%d", s.URL, x.ID)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=pad-inspector][data-signature-ready]`)),
	)
	for _, pad := range []string{"pad-inspector", "pad-enterprise"} {
		if !get(t, ctx, chromedp.Evaluate[bool](stroke(pad))) {
			t.Fatalf("%s took no stroke", pad)
		}
	}
	do(t, ctx,
		chromedp.Click(chromedp.CSS(`[data-testid=sign-save]`)),
		chromedp.WaitVisible(chromedp.CSS(`img[data-testid=signature-inspector]`)),
		chromedp.WaitVisible(chromedp.CSS(`img[data-testid=signature-enterprise]`)),
	)
	// The images load (same origin, allowed by the CSP) and have a size.
	w := get(t, ctx, chromedp.Evaluate[int](`document.querySelector('img[data-testid=signature-enterprise]').naturalWidth`))
	if w == 0 {
		t.Fatal("enterprise signature image did not load")
	}
}
