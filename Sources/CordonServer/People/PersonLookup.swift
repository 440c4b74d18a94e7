import CordonDomain
import CordonStore

extension Tracing {
    /// The person a form or body names: by resident id when it came from a list, else by the ID number typed. A
    /// missing or unknown number is a field error on `field`.
    func person(_ id: Int64?, idNumber: String?, field: String, actor: Actor) async throws -> Int64 {
        if let id { return id }
        let number = (idNumber ?? "").trimmingSpaces()
        guard !number.isEmpty else { throw FieldErrors(errors: [FieldError(field: field, code: .missing)]) }
        guard let found = try await residentID(idNumber: number, actor: actor) else { throw FieldErrors(errors: [FieldError(field: field, code: .unknownPerson)]) }
        return found
    }
}
