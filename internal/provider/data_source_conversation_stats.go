package provider

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellico"
)

// Keys of the count maps for what a conversation does not say, and for a
// tool message without a tool name.
const (
	noValueKey    = "none"
	unnamedTool   = "(unnamed)"
	percentileDoc = "the nearest-rank percentile: the smallest duration such that at least that share of the " +
		"conversations with a duration lasted at most as long; always a duration that occurred"
)

func durationAttribute(desc string) schema.Attribute {
	return computedObject(desc+" Over the conversations that have a duration (in progress ones have none); every "+
		"member but `count` is null when none has one. Percentiles are "+percentileDoc+".",
		map[string]schema.Attribute{
			"count": computedInt("Conversations with a duration."),
			"sum":   computedInt("Their total duration, in seconds."),
			"min":   computedInt("The shortest, in seconds."),
			"max":   computedInt("The longest, in seconds."),
			"mean":  computedNumber("The mean, in seconds."),
			"p50":   computedInt("The median (50th percentile), in seconds."),
			"p90":   computedInt("The 90th percentile, in seconds."),
			"p95":   computedInt("The 95th percentile, in seconds."),
			"p99":   computedInt("The 99th percentile, in seconds."),
		})
}

func countsAttribute(what string, values []string) schema.Attribute {
	return computedIntMap(fmt.Sprintf("Number of conversations per %s. Every documented value (%s) is a key, with 0 "+
		"when no conversation has it, so `[\"%s\"]` never fails; a value the API adds later is an extra key; "+
		"conversations without one count under `%s`.", what, oneOf(values), values[len(values)-1], noValueKey))
}

var conversationStatsDataSource = newDataSource[statsResult]("conversation_stats", "Aggregates every conversation of an itellico "+
	"account that matches the filters: counts by status, type, direction, agent and tool, and duration statistics. It "+
	"reads every page as `itellico_conversations` does, with the same filters, but keeps no conversation in state or in "+
	"memory: a report or a `check` gets its figures without the transcripts, which are personal data, and without "+
	"handing Terraform a value per message.", statsAttributes(), conversationFilters, statsReader{})

func statsAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"account_id": accountIDAttribute("Account whose conversations are aggregated (its subaccounts' included)."),
		"total_count": computedInt("Total number of conversations that match the filters: the API's `count`, which " +
			"Terraform reserves as a meta-argument name."),
		"read_count": computedInt("Number of conversations the figures cover: `total_count`, unless the server " +
			"stopped making progress (then a warning says so) or conversations were added while the pages were read."),
		"by_status":        countsAttribute("status", conversationStatuses),
		"by_type":          countsAttribute("type", conversationTypes),
		"by_direction":     countsAttribute("direction", conversationDirections),
		"duration_seconds": durationAttribute("Durations of the matching conversations."),
		"agents": computedObjects("One object per agent that handled a matching conversation, by `total_count` "+
			"(most first), then `agent_id`. Conversations without an agent are in `without_agent`, not here.",
			agentFigures()),
		"agents_by_id": schema.MapAttribute{Computed: true, ElementType: objectType(agentFigures()),
			MarkdownDescription: "The objects of `agents`, keyed by `agent_id`: `agents_by_id[id].by_status[\"failed\"]` " +
				"reads one agent's figures without a search. It is also the shape that `terraform test` can override " +
				"with chosen figures (see the guide \"Testing gates with terraform test\"): a map of objects, not a " +
				"nested attribute, which Terraform 1.11 cannot override with chosen elements."},
		"without_agent": computedObject("The matching conversations that no agent handled (their `agent_id` is null).",
			map[string]schema.Attribute{
				"total_count":      computedInt("Conversations without an agent."),
				"by_status":        countsAttribute("status", conversationStatuses),
				"duration_seconds": durationAttribute("Their durations."),
			}),
		"tool_calls": computedIntMap("Number of tool messages per tool name, over every transcript; a tool message " +
			"without a name counts under `" + unnamedTool + "`."),
		"first_start_timestamp": computedTime("The earliest `start_timestamp` read, as the API wrote it; null when none was read."),
		"last_start_timestamp":  computedTime("The latest `start_timestamp` read, as the API wrote it; null when none was read."),
	}
}

// agentFigures are the figures of one agent, in agents and agents_by_id.
func agentFigures() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"agent_id":         computedString("Identifier of the agent."),
		"agent_name":       computedString("Name of the agent, as its newest conversation gives it."),
		"total_count":      computedInt("Conversations the agent handled."),
		"by_status":        countsAttribute("status", conversationStatuses),
		"duration_seconds": durationAttribute("Durations of its conversations."),
	}
}

// objectType is the type of an object with attrs.
func objectType(attrs map[string]schema.Attribute) types.ObjectType {
	t := types.ObjectType{AttrTypes: make(map[string]attr.Type, len(attrs))}
	for name, a := range attrs {
		t.AttrTypes[name] = a.GetType()
	}
	return t
}

type statsReader struct{}

func (statsReader) read(r *request) *statsResult {
	account := r.account
	agg := newStats()
	res, err := itellico.List(r.ctx, r.client(), itellico.ConversationSummaries(account), r.query(conversationFilters),
		itellico.ListOptions{}, summarize, agg.add)
	if err != nil {
		r.fail(fmt.Sprintf("list the conversations of account %q", account), err)
		return nil
	}
	r.shortfall("conversations", account, res.Shortfall)
	return agg.result(res)
}

// summary is what the statistics keep of a conversation while it is
// aggregated; the decoded conversation is dropped once it is made.
type summary struct {
	status, typ, direction string
	agentID, agentName     *string
	duration               *int64
	tools                  []string
	start                  time.Time
	startText              string
}

func summarize(c *itellico.ConversationSummary) summary {
	s := summary{status: orNone(c.Status), typ: orNone(c.Type), direction: orNone(c.Direction),
		agentID: c.AgentID, agentName: c.AgentName, duration: c.DurationSeconds}
	for _, m := range c.Messages {
		if m.Role != nil && *m.Role == "tool" {
			name := unnamedTool
			if m.Name != nil {
				name = *m.Name
			}
			s.tools = append(s.tools, name)
		}
	}
	if c.StartTimestamp != nil {
		if t, err := time.Parse(time.RFC3339Nano, *c.StartTimestamp); err == nil {
			s.start, s.startText = t, *c.StartTimestamp
		}
	}
	return s
}

func orNone(s *string) string {
	if s == nil {
		return noValueKey
	}
	return *s
}

// group aggregates some conversations: how many, by status, and a
// histogram of their durations (whole seconds), from which the duration
// statistics are exact with memory bounded by the number of distinct
// durations, not of conversations.
type group struct {
	count     int64
	byStatus  map[string]int64
	durations map[int64]int64
}

func newGroup() *group {
	return &group{byStatus: zeroCounts(conversationStatuses), durations: map[int64]int64{}}
}

func (g *group) add(s *summary) {
	g.count++
	g.byStatus[s.status]++
	if s.duration != nil {
		g.durations[*s.duration]++
	}
}

type stats struct {
	all, without        *group
	byType, byDirection map[string]int64
	agents              map[string]*agentGroup
	tools               map[string]int64
	first, last         time.Time
	firstText, lastText string
}

type agentGroup struct {
	*group
	name *string
}

func newStats() *stats {
	return &stats{all: newGroup(), without: newGroup(), byType: zeroCounts(conversationTypes),
		byDirection: zeroCounts(conversationDirections), agents: map[string]*agentGroup{}, tools: map[string]int64{}}
}

func zeroCounts(keys []string) map[string]int64 {
	m := make(map[string]int64, len(keys)+1)
	for _, k := range keys {
		m[k] = 0
	}
	return m
}

// add aggregates one conversation; conversations come in the API's order,
// newest first, so an agent's name is that of its newest conversation.
func (st *stats) add(s summary) {
	st.all.add(&s)
	st.byType[s.typ]++
	st.byDirection[s.direction]++
	if s.agentID == nil {
		st.without.add(&s)
	} else {
		a := st.agents[*s.agentID]
		if a == nil {
			a = &agentGroup{group: newGroup()}
			st.agents[*s.agentID] = a
		}
		if a.name == nil {
			a.name = s.agentName
		}
		a.add(&s)
	}
	for _, t := range s.tools {
		st.tools[t]++
	}
	if s.startText != "" {
		if st.firstText == "" || s.start.Before(st.first) {
			st.first, st.firstText = s.start, s.startText
		}
		if st.lastText == "" || s.start.After(st.last) {
			st.last, st.lastText = s.start, s.startText
		}
	}
}

// statsResult is the state of itellico_conversation_stats besides its
// arguments.
type statsResult struct {
	TotalCount          int64                 `json:"total_count"`
	ReadCount           int64                 `json:"read_count"`
	ByStatus            map[string]int64      `json:"by_status"`
	ByType              map[string]int64      `json:"by_type"`
	ByDirection         map[string]int64      `json:"by_direction"`
	DurationSeconds     durationStats         `json:"duration_seconds"`
	Agents              []agentStats          `json:"agents"`
	AgentsByID          map[string]agentStats `json:"agents_by_id"`
	WithoutAgent        groupStats            `json:"without_agent"`
	ToolCalls           map[string]int64      `json:"tool_calls"`
	FirstStartTimestamp *string               `json:"first_start_timestamp"`
	LastStartTimestamp  *string               `json:"last_start_timestamp"`
}

type durationStats struct {
	Count int64    `json:"count"`
	Sum   *int64   `json:"sum"`
	Min   *int64   `json:"min"`
	Max   *int64   `json:"max"`
	Mean  *float64 `json:"mean"`
	P50   *int64   `json:"p50"`
	P90   *int64   `json:"p90"`
	P95   *int64   `json:"p95"`
	P99   *int64   `json:"p99"`
}

type groupStats struct {
	TotalCount      int64            `json:"total_count"`
	ByStatus        map[string]int64 `json:"by_status"`
	DurationSeconds durationStats    `json:"duration_seconds"`
}

type agentStats struct {
	AgentID         string           `json:"agent_id"`
	AgentName       *string          `json:"agent_name"`
	TotalCount      int64            `json:"total_count"`
	ByStatus        map[string]int64 `json:"by_status"`
	DurationSeconds durationStats    `json:"duration_seconds"`
}

func (st *stats) result(res *itellico.ListResult) *statsResult {
	out := &statsResult{TotalCount: res.Count, ReadCount: res.Read, ByStatus: st.all.byStatus, ByType: st.byType,
		ByDirection: st.byDirection, DurationSeconds: st.all.durationStats(), WithoutAgent: st.without.stats(),
		ToolCalls: st.tools, Agents: []agentStats{}, AgentsByID: make(map[string]agentStats, len(st.agents))}
	for id, a := range st.agents {
		g := a.stats()
		s := agentStats{AgentID: id, AgentName: a.name, TotalCount: g.TotalCount, ByStatus: g.ByStatus,
			DurationSeconds: g.DurationSeconds}
		out.Agents = append(out.Agents, s)
		out.AgentsByID[id] = s
	}
	slices.SortFunc(out.Agents, func(x, y agentStats) int {
		return cmp.Or(cmp.Compare(y.TotalCount, x.TotalCount), cmp.Compare(x.AgentID, y.AgentID))
	})
	if st.firstText != "" {
		out.FirstStartTimestamp, out.LastStartTimestamp = &st.firstText, &st.lastText
	}
	return out
}

func (g *group) stats() groupStats {
	return groupStats{TotalCount: g.count, ByStatus: g.byStatus, DurationSeconds: g.durationStats()}
}

// durationStats computes the statistics from the histogram.
func (g *group) durationStats() durationStats {
	values := make([]int64, 0, len(g.durations))
	var n, sum int64
	for d, k := range g.durations {
		values = append(values, d)
		n += k
		sum += d * k
	}
	if n == 0 {
		return durationStats{}
	}
	slices.Sort(values)
	mean := float64(sum) / float64(n)
	return durationStats{Count: n, Sum: &sum, Min: &values[0], Max: &values[len(values)-1], Mean: &mean,
		P50: g.percentile(values, n, 50), P90: g.percentile(values, n, 90),
		P95: g.percentile(values, n, 95), P99: g.percentile(values, n, 99)}
}

// percentile is the nearest-rank p-th percentile of the n durations whose
// distinct values are sorted: the value at rank ceil(p/100 * n).
func (g *group) percentile(sorted []int64, n int64, p int64) *int64 {
	rank := (p*n + 99) / 100
	var seen int64
	for i := range sorted {
		if seen += g.durations[sorted[i]]; seen >= rank {
			return &sorted[i]
		}
	}
	return &sorted[len(sorted)-1]
}
