@testable import CordonServer
import CordonDomain
import Foundation
import HummingbirdTesting
import Testing

/// The closed lists the API description gives for request fields are the domain's own lists: a symptom, a way a
/// case was found or a role added to the domain must appear in `/openapi.json`, or clients and schemathesis are told
/// a value is invalid that the server takes.
@Suite struct OpenAPIEnumsTests {
    @Test func requestEnumsAreTheDomainsLists() async throws {
        try await AppFixture.with { _, client in
            let spec = try await client.execute(uri: "/openapi.json", method: .get) { response in
                try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any] ?? [:]
            }
            var found: [String: Set<[String]>] = [:]
            func walk(_ schema: [String: Any]) {
                for (name, property) in schema["properties"] as? [String: [String: Any]] ?? [:] {
                    if let values = property["enum"] as? [String] { found[name, default: []].insert(values) }
                    if let values = (property["items"] as? [String: Any])?["enum"] as? [String] { found[name, default: []].insert(values) }
                    walk(property)
                }
                if let items = schema["items"] as? [String: Any] { walk(items) }
            }
            for operations in (spec["paths"] as? [String: [String: Any]] ?? [:]).values {
                for operation in operations.values {
                    let content = ((operation as? [String: Any])?["requestBody"] as? [String: Any])?["content"] as? [String: Any]
                    if let schema = (content?["application/json"] as? [String: Any])?["schema"] as? [String: Any] { walk(schema) }
                }
            }
            #expect(found["symptoms"] == [Symptom.allCases.map(\.rawValue)])
            #expect(found["found_by"] == [CaseDiscovery.allCases.map(\.rawValue)])
            let paths = spec["paths"] as? [String: [String: Any]] ?? [:]
            func roles(_ path: String) -> [String] {
                let operation = paths[path]?["post"] as? [String: Any]
                let content = (operation?["requestBody"] as? [String: Any])?["content"] as? [String: Any]
                let schema = (content?["application/json"] as? [String: Any])?["schema"] as? [String: Any]
                let role = (schema?["properties"] as? [String: Any])?["role"] as? [String: Any]
                return (role?["enum"] as? [Any] ?? []).compactMap { $0 as? String }.filter { !$0.isEmpty }
            }
            #expect(roles("/api/v1/users") == Role.allCases.map(\.rawValue))
            #expect(roles("/api/v1/directives") == CommandForms.assignableRoles.map(\.rawValue))
        }
    }
}
