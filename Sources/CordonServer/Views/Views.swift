import CordonStore
import CordonDomain
import Foundation
import Hummingbird
import Mustache

/// Renders pages: a mustache template, the string table of the reader's language, and who is signed in.
struct Views: Sendable {
    let library: MustacheLibrary
    let strings: Strings

    static func load() async throws -> Views {
        guard let resources = Optional(Bundle.module.bundleURL.appendingPathComponent("Resources")) else {
            throw AppError.notFound
        }
        let library = try await MustacheLibrary(directory: resources.appendingPathComponent("templates").path)
        let strings = try Strings(directory: resources.appendingPathComponent("strings"))
        return Views(library: library, strings: strings)
    }

    /// A page from its typed model.
    func page(_ template: String, _ model: some PageModel, context: AppContext, status: HTTPResponse.Status = .ok) -> Response {
        render(template, PageFrame(model: model, common: common(context)), status: status)
    }

    /// What every page shows around its model.
    private func common(_ context: AppContext) -> [String: Any] {
        var values: [String: Any] = [
            "t": strings.table(context.language),
            "lang": context.language.rawValue,
            "other_lang": context.language == .zh ? Language.en.rawValue : Language.zh.rawValue,
        ]
        if let identity = context.identity {
            values["me"] = ["name": identity.user.displayName, "username": identity.user.username,
                            "role": strings("role_\(identity.user.role.rawValue)", context.language),
                            "area": identity.actor.jurisdiction.name]
            values["csrf"] = identity.csrf ?? ""
            values["nav"] = Navigation.items(for: identity.user.role, strings: strings, language: context.language)
        }
        return values
    }

    private func render(_ template: String, _ frame: PageFrame, status: HTTPResponse.Status) -> Response {
        let html = library.render(frame, withTemplate: template) ?? "template \(template) missing"
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }
}
