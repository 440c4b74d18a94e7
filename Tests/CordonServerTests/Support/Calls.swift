import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// One API call with a bearer token (or none), expecting `status`; the body read as JSON when it is JSON.
func call(_ client: any TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, token: String? = nil, _ body: String = "",
          contentType: String = "application/json", expect status: HTTPResponse.Status) async throws -> (json: [String: Any], text: String) {
    var headers: HTTPFields = [.contentType: contentType]
    if let token { headers[.authorization] = "Bearer \(token)" }
    return try await client.execute(uri: uri, method: method, headers: headers, body: ByteBuffer(string: body)) { response in
        #expect(response.status == status, "\(method) \(uri): \(String(buffer: response.body))")
        return ((try? JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]) ?? [:], String(buffer: response.body))
    }
}

/// The message of an API error body.
func message(_ json: [String: Any]) -> String? { (json["error"] as? [String: Any])?["message"] as? String }

/// The issues listed under an API error body.
func issues(_ json: [String: Any]) -> [String] { (json["error"] as? [String: Any])?["issues"] as? [String] ?? [] }

/// The fields an API error body names, in order.
func fields(_ json: [String: Any]) -> [String] {
    ((json["error"] as? [String: Any])?["fields"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
}

/// A browser's form post with its session cookie and CSRF token; answers the status and the Location header.
func post(_ client: any TestClientProtocol, _ uri: String, session: (cookie: String, csrf: String), _ fields: [String: String],
          expect status: HTTPResponse.Status = .seeOther) async throws -> (location: String?, text: String) {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    let body = (["_csrf": session.csrf].merging(fields) { a, _ in a }).map { key, value in
        "\(key)=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value)"
    }.joined(separator: "&")
    return try await client.execute(uri: uri, method: .post, headers: [.cookie: session.cookie, .contentType: "application/x-www-form-urlencoded"],
                                    body: ByteBuffer(string: body)) { response in
        #expect(response.status == status, "POST \(uri): \(String(buffer: response.body))")
        return (response.headers[.location], String(buffer: response.body))
    }
}

/// A page as a signed-in browser sees it.
func page(_ client: any TestClientProtocol, _ uri: String, cookie: String, expect status: HTTPResponse.Status = .ok) async throws -> String {
    try await client.execute(uri: uri, method: .get, headers: [.cookie: cookie]) { response in
        #expect(response.status == status, "\(uri)")
        return String(buffer: response.body)
    }
}
