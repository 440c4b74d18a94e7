/// A traveller's one-scan registration at traffic checkpoints (一码通行): filled once a day, it lets them through every
/// checkpoint in the city that day with a scan and a temperature.
public struct TravelRegistration: Sendable, Hashable {
    public let name: String
    public let idNumber: IDNumber
    public let phone: String
    public let plate: String
    /// Where they come from: a city or county, as they give it.
    public let origin: String
    public let remarks: String

    /// Every field checked, all problems reported at once so the form can mark each.
    public static func validate(name: String, idNumber: String, phone: String, plate: String, origin: String,
                                remarks: String) -> Result<TravelRegistration, FieldErrors> {
        var errors: [FieldError] = []
        let name = name.trimmingSpaces(), origin = origin.trimmingSpaces(), remarks = remarks.trimmingSpaces()
        if name.isEmpty { errors.append(FieldError(field: "name", code: .missing)) } else if name.count > 40 { errors.append(FieldError(field: "name", code: .tooLong)) }
        var card: IDNumber?
        do { card = try IDNumber(idNumber) } catch { errors.append(FieldError(field: "id_number", code: error)) }
        var number = ""
        do { number = try PhoneNumber(phone).value } catch { errors.append(FieldError(field: "phone", code: error)) }
        var vehicle = ""
        do { vehicle = try PlateNumber.validate(plate) } catch { errors.append(FieldError(field: "plate", code: error)) }
        if origin.isEmpty { errors.append(FieldError(field: "origin", code: .missing)) } else if origin.count > 60 { errors.append(FieldError(field: "origin", code: .tooLong)) }
        if remarks.count > 200 { errors.append(FieldError(field: "remarks", code: .tooLong)) }
        guard errors.isEmpty, let card else { return .failure(FieldErrors(errors: errors)) }
        return .success(TravelRegistration(name: name, idNumber: card, phone: number, plate: vehicle, origin: origin, remarks: remarks))
    }
}

/// Several field errors at once.
public struct FieldErrors: Error, Sendable, Hashable {
    public let errors: [FieldError]
    public init(errors: [FieldError]) { self.errors = errors }
}

/// Which way a person passes a checkpoint.
public enum PassageDirection: String, Sendable, Hashable, Codable, CaseIterable {
    case inbound = "in"
    case outbound = "out"
}

extension FieldErrors: Refusal {
    public var status: RefusalStatus { .badRequest }
    public var key: String { "request.invalid_fields" }
    public var faults: [Issue] { errors.map(\.issue) }
}
