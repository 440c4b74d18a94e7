/// A decision that a preset applies from a moment on, for the whole city or one district: applying a policy
/// version, or switching between routine and emergency response (which names the preset the new mode works under).
public struct PolicyActivation: Sendable, Hashable, Codable {
    public let id: Int64
    public let from: Int64
    public let presetID: String
    public let mode: ResponseMode
    public let level: ResponseLevel?
    /// The district it covers; nil for the whole city.
    public let districtID: Int64?

    public init(id: Int64, from: Int64, presetID: String, mode: ResponseMode, level: ResponseLevel?, districtID: Int64?) {
        self.id = id
        self.from = from
        self.presetID = presetID
        self.mode = mode
        self.level = level
        self.districtID = districtID
    }
}

/// Which preset applies when and where. Before any decision the built-in presets follow their effective dates; after
/// one, the latest decision that covers the place and has begun applies, so a later city-wide decision supersedes an
/// earlier district's and a district may decide again after the city.
public struct PolicySchedule: Sendable {
    /// Every preset a decision may name: the built-in ones, the templates and the city's own versions.
    public let presets: [String: PolicyPreset]
    /// Sorted by start, then by id (the order they were taken).
    public let activations: [PolicyActivation]

    public init(versions: [PolicyPreset] = [], activations: [PolicyActivation] = []) {
        var presets: [String: PolicyPreset] = [:]
        for preset in PolicyPreset.catalogue + versions { presets[preset.id] = preset }
        self.presets = presets
        self.activations = activations.filter { presets[$0.presetID] != nil }.sorted { ($0.from, $0.id) < ($1.from, $1.id) }
    }

    /// Whether any decision covers a single district: only then does a rule need to know where a person lives.
    public var hasDistrictDecisions: Bool { activations.contains { $0.districtID != nil } }

    /// The decision in force at `time` for `district` (nil: the city's own), if any has begun.
    public func activation(at time: Int64, district: Int64? = nil) -> PolicyActivation? {
        activations.last { $0.from <= time && ($0.districtID == nil || $0.districtID == district) }
    }

    public func inForce(at time: Int64, district: Int64? = nil) -> PolicyPreset {
        guard let decision = activation(at: time, district: district) else {
            return PolicyPreset.inForce(on: CivilDate(unixTime: time))
        }
        return presets[decision.presetID]!
    }

    /// The districts that a decision of their own puts under another preset than the city's at `time`, with it.
    public func districtPresets(at time: Int64) -> [Int64: PolicyPreset] {
        let city = inForce(at: time)
        var result: [Int64: PolicyPreset] = [:]
        for district in Set(activations.compactMap(\.districtID)) {
            let preset = inForce(at: time, district: district)
            if preset.id != city.id { result[district] = preset }
        }
        return result
    }

    /// The mode in force: routine unless a decision declared an emergency.
    public func mode(at time: Int64, district: Int64? = nil) -> (mode: ResponseMode, level: ResponseLevel?) {
        guard let decision = activation(at: time, district: district) else { return (.routine, nil) }
        return (decision.mode, decision.level)
    }
}
