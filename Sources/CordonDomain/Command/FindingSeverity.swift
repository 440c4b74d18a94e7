/// How grave an inspector's finding is (督查): a slip to correct, a gap in a measure, or a breach that lets the virus
/// through (a sealed door open, a quarantine room shared).
public enum FindingSeverity: String, Sendable, Hashable, Codable, CaseIterable {
    case minor
    case major
    case critical
}
