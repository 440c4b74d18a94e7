/// Where a tube is in the chain 采、运、检、报: collected, transported, tested, reported.
public enum TubeStatus: String, Sendable, Codable, CaseIterable {
    /// Taking swabs at a site.
    case open
    /// Sealed at the site, waiting for transport.
    case closed
    /// Packed in a batch that has left the site.
    case inTransport = "in_transport"
    /// Scanned in by the lab.
    case received
    /// A result is recorded.
    case resulted

    /// The statuses a tube may move to from this one; the chain never runs backwards.
    public var next: TubeStatus? {
        switch self {
        case .open: .closed
        case .closed: .inTransport
        case .inTransport: .received
        case .received: .resulted
        case .resulted: nil
        }
    }
}

public enum TestResult: String, Sendable, Codable, CaseIterable {
    case negative
    case positive
    case invalid
}
