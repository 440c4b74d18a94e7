import CordonStore
import CordonDomain
import Foundation
import Hummingbird

/// JSON bodies in and out, with snake_case keys as the OpenAPI document describes them.
enum JSON {
    static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try encode(value)
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func encode(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(value)
    }

    static func decode<T: Decodable>(_ type: T.Type, from request: Request, context: AppContext, limit: Int = 1 << 20) async throws -> T {
        var request = request
        return try decode(type, from: try await request.collectBody(upTo: limit))
    }

    static func decode<T: Decodable>(_ type: T.Type, from body: ByteBuffer) throws -> T {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        do { return try decoder.decode(type, from: Data(buffer: body)) } catch { throw AppError.badRequest(key: "error_bad_json") }
    }
}

/// Reads an urlencoded form body.
func formFields(_ request: Request, limit: Int = 1 << 20) async throws -> FormFields {
    var request = request
    let body = try await request.collectBody(upTo: limit)
    return FormFields(String(buffer: body))
}

/// Every page and API response that fails carries a message in the reader's language.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let views: Views

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let (status, code, key, issues) = AppError.describe(error)
            if status == .internalServerError { context.logger.error("request failed: \(String(reflecting: error))") }
            let message = views.strings(key, context.language)
            var lines = issues.prefix(200).map { views.strings.issue($0, context.language) }
            if case AppError.invalidFields(let fields) = error { lines = fields }
            if let fields = error as? FieldErrors { lines = fields.errors.map { views.strings.fieldError($0, context.language) } }
            if let failure = error as? TracingFailure { lines = failure.problems.map { views.strings.tracingIssue($0, context.language) } }
            if let problem = error as? TracingError { lines = [views.strings.tracingIssue(problem, context.language)] }
            if let failure = error as? ScreeningFailure {
                lines = failure.issues.prefix(200).map { views.strings.screeningIssue($0, context.language) }
            }
            var response: Response
            if request.uri.path.hasPrefix("/api/") || request.uri.path == "/metrics" || request.headers[.accept]?.contains("application/json") == true {
                response = try JSON.response(APIErrorBody(error: .init(code: code, message: message, issues: lines.isEmpty ? nil : lines)), status: status)
            } else if status == .unauthorized {
                response = Views.redirect("/login")
            } else {
                response = views.page("error", ["title": message, "issues": lines, "has_issues": !lines.isEmpty], context: context, status: status)
            }
            if case AppError.throttled(let seconds) = error { response.headers[.retryAfter] = "\(seconds)" }
            if case AppError.methodNotAllowed(let allow) = error { response.headers[.allow] = allow.joined(separator: ", ") }
            return response
        }
    }
}

struct APIErrorBody: Encodable {
    struct Detail: Encodable {
        let code: String
        let message: String
        let issues: [String]?
    }
    let error: Detail
}
