@testable import CordonServer
import Mustache
import Testing

/// A page's model never shows mustache an `Optional` as a value: none reads as absent, some as what it holds.
@Suite struct PageModelTests {
    struct Sample: PageModel {
        let error: String?
        let residentsTotal: Int?
        let rows: [Row]

        struct Row: PageModel {
            let name: String
            let chosen: String?
        }
    }

    let template = try! MustacheTemplate(string: "{{#error}}[{{error}}]{{/error}}{{#residents_total}}({{residents_total}}){{/residents_total}}"
        + "{{#rows}}<{{name}}{{#chosen}}={{chosen}}{{/chosen}}{{lang}}>{{/rows}}")

    func render(_ model: some PageModel) -> String {
        template.render(PageFrame(model: model, common: ["lang": "!"]))
    }

    @Test func aTypedModelReadsOptionalsThroughAndNamesInSnakeCase() {
        let none = Sample(error: nil, residentsTotal: nil, rows: [.init(name: "a", chosen: nil)])
        #expect(render(none) == "<a!>")
        let some = Sample(error: "bad", residentsTotal: 3, rows: [.init(name: "a", chosen: "x")])
        #expect(render(some) == "[bad](3)<a=x!>")
    }
}
