/// What a venue's code (场所码) says: which venue, and either the time slot of a rotating code shown on a screen or the
/// local date of a printed daily code, with a keyed tag over both. The tag comes from a key only the server holds, so
/// a code cannot be made up; the slot makes a photo of a screen useless after a minute (Henan, 2022: 871 red codes
/// from forwarded venue codes).
public struct VenueCode: Sendable, Hashable {
    public enum Validity: Sendable, Hashable {
        /// A rotating code: the number of the slot (Unix time / rotation seconds) it was shown in.
        case slot(Int64)
        /// A printed code for places without a screen: good on one local date only.
        case day(CivilDate)
    }

    public let venue: String
    public let validity: Validity
    public let tag: String

    public static let prefix = "CDV1:"

    public init(venue: String, validity: Validity, tag: String) {
        self.venue = venue
        self.validity = validity
        self.tag = tag
    }

    /// The bytes the tag covers.
    public var signedText: String {
        switch validity {
        case .slot(let slot): "\(venue).\(slot)"
        case .day(let day): "\(venue).D\(day)"
        }
    }

    public var text: String { Self.prefix + signedText + "." + tag }

    /// Parses the code's text; the tag is checked by whoever holds the key.
    public init(parsing raw: String) throws(VenueCodeError) {
        let text = raw.trimmingSpaces()
        guard text.hasPrefix(Self.prefix) else { throw .notAVenueCode }
        let parts = text.dropFirst(Self.prefix.count).split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, parts[0].count <= 64, !parts[2].isEmpty else { throw .malformed }
        let middle = parts[1]
        if middle.hasPrefix("D") {
            guard let day = CivilDate(iso: String(middle.dropFirst())) else { throw .malformed }
            self.init(venue: String(parts[0]), validity: .day(day), tag: String(parts[2]))
        } else {
            guard let slot = Int64(middle), slot >= 0 else { throw .malformed }
            self.init(venue: String(parts[0]), validity: .slot(slot), tag: String(parts[2]))
        }
    }

    /// Whether the code counts as presence at `now`: a rotating code within the accepted age, a printed code on its
    /// own local date. Errors say which way it failed.
    public func checkFresh(now: Int64, policy: VenueCodePolicy) throws(VenueCodeError) {
        switch validity {
        case .slot(let slot):
            let shownAt = slot * Int64(policy.rotationSeconds)
            guard shownAt <= now + 5 else { throw .forged }
            guard now - shownAt < Int64(policy.rotationSeconds + policy.acceptedAgeSeconds) else { throw .stale }
        case .day(let day):
            guard day == CivilDate(unixTime: now) else { throw .stale }
        }
    }
}

public enum VenueCodeError: String, Error, Sendable, Hashable , CaseIterable {
    case notAVenueCode = "not_a_venue_code"
    case malformed
    /// The tag does not match, or the code claims a time that has not come: made up, not shown by the venue.
    case forged
    /// Older than the policy accepts: a photo passed on, or yesterday's printed code.
    case stale
    case unknownVenue = "unknown_venue"
}

/// How venue codes behave under a preset.
public struct VenueCodePolicy: Sendable, Hashable {
    /// How often a screen shows a new code.
    public let rotationSeconds: Int
    /// How long after its slot ends a rotating code still counts: time to scan and send on a slow network.
    public let acceptedAgeSeconds: Int
    /// How long a check-in is taken to last when nobody scans out; tracing reads the visit as this span.
    public let dwellMinutes: Int

    public init(rotationSeconds: Int, acceptedAgeSeconds: Int, dwellMinutes: Int) {
        self.rotationSeconds = rotationSeconds
        self.acceptedAgeSeconds = acceptedAgeSeconds
        self.dwellMinutes = dwellMinutes
    }
}

extension VenueCodeError: Refusal {
    public var status: RefusalStatus { .unprocessable }
    public var key: String { "venue_code.\(rawValue)" }
}
