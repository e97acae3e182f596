package provider

// What the bypass saves: the read of BenchmarkReadDataSource (10,000
// conversations with transcripts from the stand-in on loopback, as
// Terraform asks for it) served on each read path, protocolServer's own
// read (bypass) and the framework's (framework, which calls the data
// source's Read and then walks the state). Compare the two with benchstat:
//
//	go test -run '^$' -bench 'BenchmarkReadPath' -benchtime 3x -count 5 ./internal/provider/ > paths.txt
//	go run golang.org/x/perf/cmd/benchstat@latest -col /path paths.txt

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/itellicoai/terraform-provider-itellico/internal/itellicotest"
)

func BenchmarkReadPath(b *testing.B) {
	const n = 10_000
	s := newBenchStandIn(b, itellicotest.Options{Conversations: itellicotest.BenchConversations(n)})
	for _, p := range []readPath{readBypass, readFramework} {
		b.Run(fmt.Sprintf("path=%s/n=%d", p, n), func(b *testing.B) {
			var state []byte
			b.ReportAllocs()
			for b.Loop() {
				b.StopTimer()
				s.ts.CloseClientConnections() // the previous op's client is gone
				server, schemas := configuredServerAt(context.Background(), b, newProtocol6Server("bench", p), s.ts.URL, s.srv)
				typ := schemas.DataSourceSchemas[conversationsTypeName].ValueType()
				r := &benchRead{server: server, typ: typ,
					req: &tfprotov6.ReadDataSourceRequest{TypeName: conversationsTypeName, Config: dynamicValue(b, typ, nil)}}
				b.StartTimer()
				state = r.read(b)
			}
			benchSaysTotal(b, conversationsDataSource.stateType(), state, n)
			benchPerConversation(b, n)
		})
	}
}
