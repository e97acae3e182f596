// Command lookups writes the Terraform configuration of the lookups
// section of bench/run.sh: 40 itellico_agent by name, 20 itellico_agent by
// id, 40 itellico_phone_number by number and 10 itellico_sip_trunk by name,
// the objects picked evenly from the lists the stand-in serves, each with
// the value it must find. It reads every page of the three lists from the
// API (not through the provider), and writes, after the data sources, two
// outputs: lookups, their number, and wrong, the keys of the lookups that
// found another object than the API lists (which must be empty).
//
//	lookups -url http://127.0.0.1:41234 -key KEY -account ID >lookups.tf
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
)

func main() {
	base := flag.String("url", "", "base `URL` of the API")
	key := flag.String("key", "", "API `key`")
	account := flag.String("account", "", "`account` whose lists are read")
	agentsByName := flag.Int("agents-by-name", 40, "agents looked up by name")
	agentsByID := flag.Int("agents-by-id", 20, "agents looked up by id")
	numbers := flag.Int("phone-numbers", 40, "phone numbers looked up by number")
	trunks := flag.Int("sip-trunks", 10, "SIP trunks looked up by name")
	flag.Parse()
	if *base == "" || *key == "" || *account == "" {
		fail(fmt.Errorf("-url, -key and -account are required"))
	}
	read := func(list string) []item {
		items, err := readAll(strings.TrimSuffix(*base, "/")+"/v1/accounts/"+url.PathEscape(*account)+"/"+list, *key)
		if err != nil {
			fail(err)
		}
		return items
	}
	agents, phoneNumbers, sipTrunks := read("agents"), read("phone-numbers"), read("sip-trunks")

	// The agents by name and by id are different agents.
	byName, rest := pick(agents, *agentsByName)
	byID, _ := pick(rest, *agentsByID)
	pickedNumbers, _ := pick(phoneNumbers, *numbers)
	pickedTrunks, _ := pick(sipTrunks, *trunks)
	for what, n := range map[string][2]int{"agents by name": {len(byName), *agentsByName},
		"agents by id": {len(byID), *agentsByID}, "phone numbers": {len(pickedNumbers), *numbers},
		"SIP trunks": {len(pickedTrunks), *trunks}} {
		if n[0] != n[1] {
			fail(fmt.Errorf("%s: the API lists %d to pick from, want %d", what, n[0], n[1]))
		}
	}

	w := os.Stdout
	fmt.Fprintln(w, "# Written by bench/lookups from the API's lists: each key is what is looked up, each value what it must find.")
	fmt.Fprintln(w, "locals {")
	writeMap(w, "agents_by_name", byName, func(it item) (string, string) { return it.Name, it.ID })
	writeMap(w, "agents_by_id", byID, func(it item) (string, string) { return it.ID, it.Name })
	writeMap(w, "phone_numbers", pickedNumbers, func(it item) (string, string) { return it.Number, it.ID })
	writeMap(w, "sip_trunks", pickedTrunks, func(it item) (string, string) { return it.Name, it.ID })
	fmt.Fprint(w, `}

data "itellico_agent" "by_name" {
  for_each = local.agents_by_name
  name     = each.key
}
data "itellico_agent" "by_id" {
  for_each = local.agents_by_id
  id       = each.key
}
data "itellico_phone_number" "by_number" {
  for_each = local.phone_numbers
  number   = each.key
}
data "itellico_sip_trunk" "by_name" {
  for_each = local.sip_trunks
  name     = each.key
}

output "lookups" {
  value = length(data.itellico_agent.by_name) + length(data.itellico_agent.by_id) + length(data.itellico_phone_number.by_number) + length(data.itellico_sip_trunk.by_name)
}
output "wrong" {
  value = concat(
    [for k, d in data.itellico_agent.by_name : k if d.id != local.agents_by_name[k]],
    [for k, d in data.itellico_agent.by_id : k if d.name != local.agents_by_id[k]],
    [for k, d in data.itellico_phone_number.by_number : k if d.id != local.phone_numbers[k]],
    [for k, d in data.itellico_sip_trunk.by_name : k if d.id != local.sip_trunks[k]],
  )
}
`)
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "lookups:", err)
	os.Exit(1)
}

// item is what the lookups need of an agent, a phone number or a SIP trunk.
type item struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Number string `json:"number"`
}

// readAll reads every page of a list, 100 at a time.
func readAll(list, key string) ([]item, error) {
	var items []item
	for {
		req, err := http.NewRequest(http.MethodGet, fmt.Sprintf("%s?limit=100&offset=%d", list, len(items)), nil)
		if err != nil {
			return nil, err
		}
		req.Header.Set("X-API-Key", key)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return nil, err
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return nil, err
		}
		if resp.StatusCode != http.StatusOK {
			return nil, fmt.Errorf("GET %s: %s: %.200s", req.URL, resp.Status, body)
		}
		var page struct {
			Count int    `json:"count"`
			Items []item `json:"items"`
		}
		if err := json.Unmarshal(body, &page); err != nil {
			return nil, fmt.Errorf("GET %s: %w", req.URL, err)
		}
		items = append(items, page.Items...)
		if len(items) >= page.Count || len(page.Items) == 0 {
			if len(items) != page.Count {
				return nil, fmt.Errorf("%s: read %d of %d", list, len(items), page.Count)
			}
			return items, nil
		}
	}
}

// pick takes n of items, spread over the list in a fixed, shuffled order
// (steps of a prime, so that every item comes once in len(items) steps
// unless the length is a multiple of it), and returns the others too.
func pick(items []item, n int) (picked, rest []item) {
	if n <= 0 || len(items) < n {
		return nil, items
	}
	step := 7919
	if len(items)%step == 0 {
		step = 1
	}
	taken := map[int]bool{}
	for k := range n {
		i := k * step % len(items)
		picked = append(picked, items[i])
		taken[i] = true
	}
	for i, it := range items {
		if !taken[i] {
			rest = append(rest, it)
		}
	}
	return picked, rest
}

func writeMap(w io.Writer, name string, items []item, kv func(item) (string, string)) {
	fmt.Fprintf(w, "  %s = {\n", name)
	for _, it := range items {
		k, v := kv(it)
		fmt.Fprintf(w, "    %s = %s\n", quote(k), quote(v))
	}
	fmt.Fprintln(w, "  }")
}

// quote writes s as an HCL string: JSON's escapes, and "${" and "%{"
// doubled so that no name is read as a template.
func quote(s string) string {
	b, _ := json.Marshal(s)
	q := strings.ReplaceAll(string(b), "${", "$${")
	return strings.ReplaceAll(q, "%{", "%%{")
}
