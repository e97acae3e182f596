package itellicotest

// SeedModels returns the model catalog: openai (not EU-hosted), azure-openai and mistral
// (EU-hosted) and anthropic (eu_hosted absent), each with two or three models. gpt-4o of openai
// sets every field of the API's model; gpt-4.1-nano only id and name; the others some of them.
// Agents of SeedAgents use models of each provider.
func SeedModels() []ModelProvider {
	temperature := func(def float64) Opt[SettingRange] {
		return Some(SettingRange{Default: Some(def), Min: Some(0.0), Max: Some(2.0)})
	}
	return []ModelProvider{
		{
			Provider: CatalogProvider{Code: "openai", Name: "OpenAI", EUHosted: Some(false)},
			Models: []Model{
				{ID: "gpt-4o", Name: "GPT-4o", Description: Some("OpenAI's flagship multimodal model."),
					IntelligenceRating: Some[int64](5), LatencyRating: Some[int64](3),
					LatencyRange: Some(LatencyRange{MinMS: Some[int64](450), MaxMS: Some[int64](900)}),
					Pricing:      Some(Pricing{Tier: Some("premium"), AdditionalCostPerMinute: Some(0.02)}),
					Recommended:  Some(false),
					Settings: Some(ModelSettings{Temperature: temperature(0.7),
						MaxTokens: Some(SettingRange{Default: Some(512.0), Min: Some(1.0), Max: Some(4096.0)})})},
				{ID: "gpt-4o-mini", Name: "GPT-4o mini", Description: Some("Fast and affordable; good for most calls."),
					IntelligenceRating: Some[int64](4), LatencyRating: Some[int64](4),
					LatencyRange: Some(LatencyRange{MinMS: Some[int64](300)}),
					Pricing:      Some(Pricing{Tier: Some("standard"), AdditionalCostPerMinute: Some(0.0)}),
					Recommended:  Some(true),
					Settings:     Some(ModelSettings{Temperature: temperature(0.7)})},
				{ID: "gpt-4.1-nano", Name: "GPT-4.1 nano"},
			},
		},
		{
			Provider: CatalogProvider{Code: "azure-openai", Name: "Azure OpenAI (EU)", EUHosted: Some(true)},
			Models: []Model{
				{ID: "gpt-4o", Name: "GPT-4o (Sweden Central)", Description: Some("GPT-4o served from Azure's Sweden Central region."),
					IntelligenceRating: Some[int64](5), LatencyRating: Some[int64](3),
					Pricing: Some(Pricing{Tier: Some("premium")}),
					Settings: Some(ModelSettings{Temperature: temperature(0.7),
						MaxTokens: Some(SettingRange{Default: Some(512.0), Max: Some(4096.0)})})},
				{ID: "gpt-4o-mini", Name: "GPT-4o mini (Sweden Central)", IntelligenceRating: Some[int64](4),
					LatencyRating: Some[int64](4), Recommended: Some(true)},
			},
		},
		{
			Provider: CatalogProvider{Code: "mistral", Name: "Mistral AI", EUHosted: Some(true)},
			Models: []Model{
				{ID: "mistral-large-latest", Name: "Mistral Large", Description: Some("Mistral's top model, hosted in France."),
					IntelligenceRating: Some[int64](4), LatencyRating: Some[int64](3),
					LatencyRange: Some(LatencyRange{MinMS: Some[int64](500), MaxMS: Some[int64](1100)}),
					Pricing:      Some(Pricing{Tier: Some("standard"), AdditionalCostPerMinute: Some(0.01)})},
				{ID: "mistral-small-latest", Name: "Mistral Small", LatencyRating: Some[int64](5), Recommended: Some(false),
					Settings: Some(ModelSettings{Temperature: Some(SettingRange{Default: Some(0.3)})})},
			},
		},
		{
			Provider: CatalogProvider{Code: "anthropic", Name: "Anthropic"},
			Models: []Model{
				{ID: "claude-3-5-haiku-latest", Name: "Claude 3.5 Haiku", Description: Some("Anthropic's fastest model."),
					IntelligenceRating: Some[int64](4), LatencyRating: Some[int64](4),
					LatencyRange: Some(LatencyRange{MinMS: Some[int64](400), MaxMS: Some[int64](800)}),
					Pricing:      Some(Pricing{Tier: Some("standard")})},
				{ID: "claude-sonnet-4-5", Name: "Claude Sonnet 4.5", IntelligenceRating: Some[int64](5), LatencyRating: Some[int64](2),
					Pricing:     Some(Pricing{Tier: Some("premium"), AdditionalCostPerMinute: Some(0.03)}),
					Recommended: Some(false)},
			},
		},
	}
}

// SeedTranscribers returns the transcriber catalog: deepgram (not EU-hosted), azure and
// speechmatics (EU-hosted) and assemblyai (eu_hosted absent). Some transcribers list their
// languages and describe themselves, others give only id and name.
func SeedTranscribers() []TranscriberProvider {
	return []TranscriberProvider{
		{
			Provider: CatalogProvider{Code: "deepgram", Name: "Deepgram", EUHosted: Some(false)},
			Models: []Transcriber{
				{ID: "nova-2", Name: "Nova-2", Description: Some("Low-latency streaming recognition for calls."),
					SupportedLanguages: Some([]Language{{"de", "German"}, {"en", "English"}, {"en-US", "English (United States)"},
						{"fr", "French"}, {"multi", "Multilingual"}})},
				{ID: "nova-3", Name: "Nova-3", Description: Some("Deepgram's most accurate model."),
					SupportedLanguages: Some([]Language{{"en", "English"}, {"en-US", "English (United States)"}})},
			},
		},
		{
			Provider: CatalogProvider{Code: "azure", Name: "Azure Speech (EU)", EUHosted: Some(true)},
			Models: []Transcriber{
				{ID: "azure-stt", Name: "Azure Speech to Text",
					SupportedLanguages: Some([]Language{{"de-DE", "German (Germany)"}, {"de-CH", "German (Switzerland)"},
						{"en-GB", "English (United Kingdom)"}, {"en-US", "English (United States)"}, {"fr-CH", "French (Switzerland)"}})},
			},
		},
		{
			Provider: CatalogProvider{Code: "speechmatics", Name: "Speechmatics", EUHosted: Some(true)},
			Models: []Transcriber{
				{ID: "enhanced", Name: "Enhanced", Description: Some("Highest accuracy, hosted in the EU."),
					SupportedLanguages: Some([]Language{{"de", "German"}, {"en", "English"}, {"fr", "French"}})},
				{ID: "standard", Name: "Standard"},
			},
		},
		{
			Provider: CatalogProvider{Code: "assemblyai", Name: "AssemblyAI"},
			Models: []Transcriber{
				{ID: "universal", Name: "Universal", Description: Some("Streaming recognition in English.")},
			},
		},
	}
}

// SeedVoices returns the voices of the three voice vendors: six of elevenlabs, five of azure and
// four of cartesia, female, male and neutral, in English, German and French variants. The
// voices of SeedAgents are among them.
func SeedVoices() []Voice {
	el := func(id, name, gender, lang, accent, desc string) Voice {
		return Voice{Provider: "elevenlabs", VoiceID: id, Name: name, Gender: Some(gender), Language: Some(lang),
			Accent: Some(accent), Description: Some(desc),
			PreviewURL: Some("https://storage.googleapis.com/eleven-public-prod/premade/voices/" + id + "/preview.mp3")}
	}
	az := func(id, name, gender, lang string) Voice {
		return Voice{Provider: "azure", VoiceID: id, Name: name, Gender: Some(gender), Language: Some(lang)}
	}
	ca := func(id, name, gender, lang, desc string) Voice {
		return Voice{Provider: "cartesia", VoiceID: id, Name: name, Gender: Some(gender), Language: Some(lang),
			Description: Some(desc)}
	}
	return []Voice{
		el("hX3kR9pLw2TzQm7vNc4B", "Lena", "female", "de-de", "german", "Warm and clear; customer service."),
		el("Qe8vB2nWm5KxT1rLp9Zd", "Jonas", "male", "de-de", "german", "Calm, mid-aged; narration."),
		el("aT6yU3iOp8LkJ2hG5fDs", "Charlotte", "female", "en-gb", "british", "Friendly and bright."),
		el("Zx1cV4bN7mQw0eRt2YuI", "Marcus", "male", "en-us", "american", "Confident; sales and announcements."),
		{Provider: "elevenlabs", VoiceID: "Pl9oK8iJ7uH6yG5tF4rD", Name: "Noa", Gender: Some("neutral"), Language: Some("en-us"),
			Accent: Null[string](), PreviewURL: Null[string]()},
		el("Sw3iTz8eRl4aNd5Ch6Kb", "Mia", "female", "de-ch", "swiss", "Swiss German, friendly; reception."),
		az("de-DE-KatjaNeural", "Katja", "female", "de-de"),
		az("de-DE-ConradNeural", "Conrad", "male", "de-de"),
		az("en-GB-SoniaNeural", "Sonia", "female", "en-gb"),
		az("en-US-GuyNeural", "Guy", "male", "en-us"),
		az("fr-CH-ArianeNeural", "Ariane", "female", "fr-ch"),
		ca("a21c3092-597a-430d-94f7-d1b8a0dd9322", "Friendly Reading Man", "male", "en-us", "Clear and upbeat."),
		ca("e7dcdcc6-baa8-43ce-9288-f1014098a17e", "Helpful Woman", "female", "en-us", "Patient; support calls."),
		ca("170639f1-ff7c-48ae-9dec-9c07c162051e", "German Conversational Woman", "female", "de-de", "Natural, conversational."),
		{Provider: "cartesia", VoiceID: "d27714ce-6cf2-4b81-990f-277d0a782f0c", Name: "Sage", Gender: Some("neutral")},
	}
}
