import CordonDomain
import Foundation
import Hummingbird

/// Page forms and API bodies decode into the same `Decodable` types, read as strictly on the page as on the API:
/// a JSON body with snake_case keys, or an urlencoded form whose field names are those same keys. A form's empty
/// field counts as left out, as a JSON body would leave it out.
/// What does not decode is refused with the field at fault.
public struct BodyDecoder: RequestDecoder {
    /// Bodies are small; files (registry, results) are read as streams by their own routes, photos say their own limit.
    var limit = 1 << 20

    init(limit: Int = 1 << 20) { self.limit = limit }

    public func decode<T: Decodable>(_ type: T.Type, from request: Request, context: some RequestContext) async throws -> T {
        let body = try await request.body.collect(upTo: limit)
        // A program's `curl -d '{…}'` is labelled a form; a form's first byte is never a brace.
        let looksJSON = body.readableBytesView.first(where: { $0 != UInt8(ascii: " ") }).map { $0 == UInt8(ascii: "{") || $0 == UInt8(ascii: "[") } ?? false
        // An empty body sent nothing, whatever it is labelled: every field is left out.
        if body.readableBytes == 0 || (!looksJSON && request.headers[.contentType]?.hasPrefix("application/x-www-form-urlencoded") == true) {
            return try Self.decodeForm(type, from: String(buffer: body))
        }
        return try Self.decodeJSON(type, from: body)
    }

    static func decodeJSON<T: Decodable>(_ type: T.Type, from body: ByteBuffer) throws -> T {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        do {
            return try decoder.decode(type, from: Data(buffer: body))
        } catch let error as DecodingError {
            throw refusal(error, bodyKey: "request.bad_json")
        }
    }

    static func decodeForm<T: Decodable>(_ type: T.Type, from form: String) throws -> T {
        var fields: [(name: String, value: Substring)] = []
        for pair in form.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[1].isEmpty, let name = String(parts[0]).replacingOccurrences(of: "+", with: " ").removingPercentEncoding else { continue }
            fields.append((name, parts[1]))
        }
        do {
            return try decodeFields(type, fields)
        } catch DecodingError.typeMismatch(let expected, let context) where context.codingPath.isEmpty {
            guard let name = culprit(type, fields, expected: expected) else { throw AppError.badRequest(key: "request.bad_form") }
            throw AppError.invalidFields([Issue(field: name, label: "field_\(name)", key: "field.format")])
        } catch let error as DecodingError {
            throw refusal(error, bodyKey: "request.bad_form")
        } catch let refusal as any Refusal {
            throw refusal
        } catch {
            throw AppError.badRequest(key: "request.bad_form")
        }
    }

    private static func decodeFields<T: Decodable>(_ type: T.Type, _ fields: [(name: String, value: Substring)]) throws -> T {
        try URLEncodedFormDecoder().decode(type, from: fields.map { "\(camelCase($0.name))=\($0.value)" }.joined(separator: "&"))
    }

    /// Hummingbird's form decoder leaves the key out of the path when a number or a flag does not read. The field at
    /// fault is the one that, given a value of that type instead, lets decoding get past it.
    private static func culprit<T: Decodable>(_ type: T.Type, _ fields: [(name: String, value: Substring)], expected: Any.Type) -> String? {
        let placeholder: Substring = expected is Bool.Type ? "false" : "0"
        let found = fields.indices.filter { i in
            var probe = fields
            probe[i].value = placeholder
            do {
                _ = try decodeFields(type, probe)
                return true
            } catch DecodingError.typeMismatch(let again, let context) where context.codingPath.isEmpty {
                return ObjectIdentifier(again) != ObjectIdentifier(expected)
            } catch let error as DecodingError {
                // Stopped at the field itself (an enum given a number): it was not the one at fault.
                return refusalField(error) != fields[i].name
            } catch {
                return true
            }
        }
        return found.count == 1 ? fields[found[0]].name : nil
    }

    private static func refusalField(_ error: DecodingError) -> String? {
        (refusal(error, bodyKey: "") as? AppError).flatMap { if case .invalidFields(let issues) = $0 { issues.first?.field } else { nil } }
    }

    /// A field named as the caller named it, with its reason: left out, not of its type, or not one of its values.
    static func refusal(_ error: DecodingError, bodyKey: String) -> any Error {
        let (path, key): ([any CodingKey], String)
        switch error {
        case .keyNotFound(let missing, let context): (path, key) = (context.codingPath + [missing], "field.missing")
        case .valueNotFound(_, let context): (path, key) = (context.codingPath, "field.missing")
        case .typeMismatch(_, let context): (path, key) = (context.codingPath, "field.format")
        case .dataCorrupted(let context): (path, key) = (context.codingPath, "field.unknown_value")
        @unknown default: return AppError.badRequest(key: bodyKey)
        }
        guard let last = path.last(where: { $0.intValue == nil }) else { return AppError.badRequest(key: bodyKey) }
        let field = snakeCase(last.stringValue)
        let row = path.last(where: { $0.intValue != nil })?.intValue.map { $0 + 1 }
        return AppError.invalidFields([Issue(row: row, field: field, label: "field_\(field)", key: key)])
    }

    /// `venue_id` → `venueId`, as `JSONDecoder`'s `convertFromSnakeCase` reads a JSON key. What follows a bracket is a
    /// map's key or an array's index (`parameters[quarantine.days]`, `symptoms[]`) and stays as it is.
    static func camelCase(_ name: String) -> String {
        if let bracket = name.firstIndex(of: "[") { return camelCase(String(name[..<bracket])) + name[bracket...] }
        let words = name.split(separator: "_")
        guard let first = words.first, words.count > 1 else { return name }
        return String(first) + words.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst().lowercased() }.joined()
    }

    /// `venueId` → `venue_id`: the key back as the caller wrote it.
    static func snakeCase(_ key: String) -> String {
        var out = ""
        for ch in key {
            if ch.isUppercase { out += "_" + ch.lowercased() } else { out.append(ch) }
        }
        return out
    }
}
