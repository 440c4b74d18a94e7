/// A health code's colour (健康码). Red is the strictest; a person's colour is the strictest any rule gives them.
public enum CodeColour: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case green
    case yellow
    case red

    public static func < (a: CodeColour, b: CodeColour) -> Bool { a.rank < b.rank }

    private var rank: Int {
        switch self {
        case .green: 0
        case .yellow: 1
        case .red: 2
        }
    }
}
