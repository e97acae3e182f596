package itellicotest

import "time"

// Subaccounts of SeedSubaccounts.
const (
	SubaccountSchweizID     = "f8ed4568-256d-406b-8210-e94be8743bb4" // "Acme Schweiz AG", active, with an agent, a phone number and conversations 41–44
	SubaccountOesterreichID = "f019e5a9-d7d9-4287-b19e-c58fb48c0b42" // "Acme Österreich GmbH", inactive, with nothing
)

// SeedSubaccounts returns the two subaccounts of the key's account: "Acme Schweiz AG", active,
// and "Acme Österreich GmbH", inactive. The server sets their parent_account_id.
func SeedSubaccounts() []Account {
	return []Account{
		{ID: SubaccountSchweizID, Name: "Acme Schweiz AG", IsActive: true,
			Created:  time.Date(2024, time.August, 15, 7, 45, 0, 0, time.UTC),
			Modified: time.Date(2025, time.February, 1, 16, 20, 0, 0, time.UTC)},
		{ID: SubaccountOesterreichID, Name: "Acme Österreich GmbH", IsActive: false,
			Created:  time.Date(2023, time.December, 1, 10, 0, 0, 0, time.UTC),
			Modified: time.Date(2024, time.November, 30, 17, 5, 0, 0, time.UTC)},
	}
}
