/// How a traveller came.
public enum Transport: String, Sendable, Hashable, Codable, CaseIterable {
    case car
    case train
    case plane
    case coach
    case other
}

/// A traveller's report of arrival (来返报备), checked field by field before anything is stored. The origin's risk and
/// the measure come from the store (the origins list) and the policy.
public struct ArrivalReport: Sendable, Hashable {
    /// The county or city they come from, as a GB/T 2260 code (six digits).
    public let originCode: String
    public let transport: Transport
    /// Train, flight or coach number, or a plate; empty when there is none.
    public let tripNumber: String
    public let arrivedOn: CivilDate
    /// Where they stay in the city.
    public let address: String

    /// How many days back a report may be filed: the trip card's fourteen.
    public static let lateDays = 14

    public static func validate(originCode: String, transport: String, tripNumber: String, arrivedOn: String, address: String,
                                today: CivilDate) -> Result<ArrivalReport, FieldErrors> {
        var errors: [FieldError] = []
        let code = originCode.trimmingSpaces()
        if code.isEmpty { errors.append(FieldError(field: "origin_code", code: .missing)) } else if !isCountyCode(code) {
            errors.append(FieldError(field: "origin_code", code: .format))
        }
        let mode = Transport(rawValue: transport.trimmingSpaces())
        if mode == nil { errors.append(FieldError(field: "transport", code: transport.trimmingSpaces().isEmpty ? .missing : .unknownValue)) }
        let trip = tripNumber.trimmingSpaces()
        if trip.count > 20 { errors.append(FieldError(field: "trip_number", code: .tooLong)) }
        let date = CivilDate(iso: arrivedOn.trimmingSpaces())
        if let date {
            if date > today { errors.append(FieldError(field: "arrived_on", code: .inFuture)) } else if date < today.adding(days: -lateDays) {
                errors.append(FieldError(field: "arrived_on", code: .outOfRange))
            }
        } else {
            errors.append(FieldError(field: "arrived_on", code: arrivedOn.trimmingSpaces().isEmpty ? .missing : .format))
        }
        let place = address.trimmingSpaces()
        if place.count > 120 { errors.append(FieldError(field: "address", code: .tooLong)) }
        guard errors.isEmpty, let mode, let date else { return .failure(FieldErrors(errors: errors)) }
        return .success(ArrivalReport(originCode: code, transport: mode, tripNumber: trip, arrivedOn: date, address: place))
    }

    /// Six digits whose first two name a province (11 Beijing … 82 Macao).
    public static func isCountyCode(_ code: String) -> Bool {
        guard code.utf8.count == 6, code.utf8.allSatisfy({ (48...57).contains($0) }), let province = Int(code.prefix(2)) else { return false }
        return (11...82).contains(province)
    }
}
