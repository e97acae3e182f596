package itellico

import (
	"net/http"
	"testing"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellicotest"
)

func wantPhoneNumber(t *testing.T, n itellicotest.PhoneNumber) PhoneNumber {
	return PhoneNumber{
		ID:           n.ID,
		FriendlyName: optPtr(n.FriendlyName),
		Number:       optPtr(n.Number),
		InboundAgent: optObj(n.InboundAgent, func(a itellicotest.AgentRef) PhoneNumberAgent {
			return PhoneNumberAgent{ID: ptrTo(a.ID), Name: ptrTo(a.Name), Avatar: optPtr(a.Avatar)}
		}),
		SipTrunk: optObj(n.SipTrunk, func(s itellicotest.SipTrunkRef) PhoneNumberTrunk {
			return PhoneNumberTrunk{ID: ptrTo(s.ID), Name: ptrTo(s.Name), IsManaged: optPtr(s.IsManaged)}
		}),
		SpamData:    optRaw(t, n.SpamData),
		TellowsData: optRaw(t, n.TellowsData),
	}
}

func wantSipTrunk(s itellicotest.SipTrunk) SipTrunk {
	return SipTrunk{
		ID:                 s.ID,
		Name:               ptrTo(s.Name),
		AllowedIPs:         optSlice(s.AllowedIPs, same[string]),
		AuthPasswordLength: optPtr(s.AuthPasswordLength),
		HasAuthPassword:    optPtr(s.HasAuthPassword),
		PhoneNumbers: optSlice(s.PhoneNumbers, func(p itellicotest.PhoneNumberRef) SipTrunkPhoneNumber {
			return SipTrunkPhoneNumber{ID: ptrTo(p.ID), FriendlyName: optPtr(p.FriendlyName), Number: optPtr(p.Number)}
		}),
		SipAuthUsername: optPtr(s.SipAuthUsername),
		TerminationURI:  optPtr(s.TerminationURI),
	}
}

func TestPhoneNumbers(t *testing.T) {
	t.Parallel()
	srv, c := standIn(t, itellicotest.Options{}, nil)
	var got []PhoneNumber
	res, err := List(testCtx(t), c, PhoneNumbers(account), nil, ListOptions{}, func(n *PhoneNumber) PhoneNumber { return *n },
		func(n PhoneNumber) { got = append(got, n) })
	if err != nil {
		t.Fatal(err)
	}
	var want []PhoneNumber
	for _, n := range srv.PhoneNumbers() {
		if n.AccountID == account {
			want = append(want, wantPhoneNumber(t, n))
		}
	}
	if len(want) != 6 || res.Count != 6 || res.Shortfall != nil {
		t.Errorf("result %+v, %d numbers of the key's account seeded", res, len(want))
	}
	checkDecoded(t, "the phone numbers", got, want)

	for _, n := range srv.PhoneNumbers() {
		one, err := c.GetPhoneNumber(testCtx(t), n.AccountID, n.ID)
		if err != nil {
			t.Fatal(err)
		}
		checkDecoded(t, "phone number "+n.ID, *one, wantPhoneNumber(t, n))
	}
	_, err = c.GetPhoneNumber(testCtx(t), account, itellicotest.PhoneNumberSchweizID)
	wantAPIError(t, err, http.StatusNotFound, "not_found", nil)
	_, err = c.GetPhoneNumber(testCtx(t), account, "12345")
	wantAPIError(t, err, http.StatusUnprocessableEntity, "validation_error", []string{"phone_number_id"})
}

func TestSipTrunks(t *testing.T) {
	t.Parallel()
	srv, c := standIn(t, itellicotest.Options{}, nil)
	var got []SipTrunk
	res, err := List(testCtx(t), c, SipTrunks(account), nil, ListOptions{}, func(s *SipTrunk) SipTrunk { return *s },
		func(s SipTrunk) { got = append(got, s) })
	if err != nil {
		t.Fatal(err)
	}
	var want []SipTrunk
	for _, s := range srv.SipTrunks() {
		want = append(want, wantSipTrunk(s))
	}
	if len(want) != 2 || res.Count != 2 || res.Shortfall != nil {
		t.Errorf("result %+v, %d trunks seeded", res, len(want))
	}
	checkDecoded(t, "the SIP trunks", got, want)
	if got[1].AllowedIPs != nil || got[1].SipAuthUsername != nil || len(got[0].AllowedIPs) != 2 {
		t.Errorf("allowed_ips %v / %v, sip_auth_username %v", got[0].AllowedIPs, got[1].AllowedIPs, got[1].SipAuthUsername)
	}

	one, err := c.GetSipTrunk(testCtx(t), "me", itellicotest.SipTrunkManagedID)
	if err != nil {
		t.Fatal(err)
	}
	checkDecoded(t, "GetSipTrunk", *one, want[1])
	_, err = c.GetSipTrunk(testCtx(t), account, "00000000-0000-4000-8000-000000000000")
	wantAPIError(t, err, http.StatusNotFound, "not_found", nil)
}
