import CordonDomain
import Testing

@Suite struct DirectiveStatusTests {
    @Test func eachStepOnceInOrder() throws {
        #expect(try DirectiveStatus.issued.after(.acknowledge) == .acknowledged)
        #expect(try DirectiveStatus.acknowledged.after(.complete) == .completed)
        #expect(try DirectiveStatus.issued.after(.complete) == .completed)
        #expect(try DirectiveStatus.acknowledged.after(.withdraw) == .withdrawn)
        #expect(throws: DirectiveError(.alreadyAcknowledged)) { try DirectiveStatus.acknowledged.after(.acknowledge) }
        for closed in [DirectiveStatus.completed, .withdrawn] {
            for step in DirectiveStep.allCases { #expect(throws: DirectiveError(.closed)) { try closed.after(step) } }
        }
    }

    @Test func overdueFromTheDeadlineWhileOpen() {
        #expect(!DirectiveStatus.issued.isOverdue(deadline: 100, now: 99))
        #expect(DirectiveStatus.issued.isOverdue(deadline: 100, now: 100) && DirectiveStatus.acknowledged.isOverdue(deadline: 100, now: 500))
        #expect(!DirectiveStatus.completed.isOverdue(deadline: 100, now: 500) && !DirectiveStatus.withdrawn.isOverdue(deadline: 100, now: 500))
    }
}
