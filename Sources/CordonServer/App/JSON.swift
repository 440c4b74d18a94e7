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
}

/// Every page and API response that fails carries a message in the reader's language.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let views: Views

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let answer = RefusalAnswer(error)
            if answer.status == .internalServerError { context.logger.error("request failed: \(String(reflecting: error))") }
            let message = views.strings(answer.key, context.language)
            let faults = answer.faults.prefix(200).map { ($0, views.strings.issue($0, context.language)) }
            var response: Response
            if request.uri.path.hasPrefix("/api/") || request.uri.path == "/metrics" || request.headers[.accept]?.contains("application/json") == true {
                let body = APIErrorBody(error: .init(code: answer.key, message: message, issues: faults.isEmpty ? nil : faults.map(\.1),
                                                     fields: faults.isEmpty ? nil : faults.map { APIErrorBody.Fault($0.0, message: $0.1) }))
                response = try JSON.response(body, status: answer.status)
            } else if answer.status == .unauthorized {
                response = Views.redirect("/login")
            } else {
                let lines = faults.map(\.1)
                response = views.page("error", ErrorPage(title: message, issues: lines, hasIssues: !lines.isEmpty), context: context, status: answer.status)
            }
            if case AppError.throttled(let seconds) = error { response.headers[.retryAfter] = "\(seconds)" }
            if case AppError.methodNotAllowed(let allow) = error { response.headers[.allow] = allow.joined(separator: ", ") }
            return response
        }
    }
}

/// A refusal on a page: its words, and each issue in words.
struct ErrorPage: PageModel {
    let title: String
    let issues: [String]
    let hasIssues: Bool
}

/// `{"error": {"code", "message", "issues", "fields"}}`: the refusal's key, its words, each issue in words, and each
/// issue as data (line, row, field, tube, its own code and words) for programs.
struct APIErrorBody: Encodable {
    struct Detail: Encodable {
        let code: String
        let message: String
        let issues: [String]?
        let fields: [Fault]?
    }

    struct Fault: Encodable {
        let line: Int?
        let row: Int?
        let field: String?
        let tube: String?
        let code: String
        let message: String

        init(_ issue: Issue, message: String) {
            (line, row, field, tube, code, self.message) = (issue.line, issue.row, issue.field, issue.tube, issue.key, message)
        }
    }

    let error: Detail
}
