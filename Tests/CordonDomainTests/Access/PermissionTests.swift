import Testing
@testable import CordonDomain

@Suite struct PermissionTests {
    @Test func everyPermissionIsHeldBySomeRole() {
        for permission in Permission.allCases {
            #expect(!Role.holding(permission).isEmpty, "no role may \(permission.rawValue)")
        }
    }

    @Test func citizensHoldOnlyTheirOwnRecords() {
        #expect(Role.citizen.permissions == [.ownRecords])
        #expect(Role.holding(.ownRecords) == [.citizen])
    }

    /// The brief: labs see barcodes, doors a colour and a masked name, admins manage accounts; none of them reads people.
    @Test func labsDoorsAndAdminsReadNoOne() {
        for role in [Role.labOperator, .checkpointStaff, .admin, .supplyOfficer, .auditor] {
            #expect(!role.may(.readResidents))
            #expect(!role.may(.seeIdentifiers))
        }
    }

    /// Full identifiers only for those who call or visit people, and only with the right to read them at all.
    @Test func identifiersNeedReading() {
        #expect(Set(Role.holding(.seeIdentifiers)) == [.epidemiologist, .gridWorker, .hotlineAgent, .quarantineStaff, .medicalOfficer])
        for role in Role.holding(.seeIdentifiers) { #expect(role.may(.readResidents)) }
        for role in Role.holding(.exportRegistry) { #expect(role.may(.importRegistry) && role.may(.readResidents)) }
    }

    /// Whoever may write something may read what it wrote.
    @Test func writersRead() {
        let pairs: [(Permission, Permission)] = [
            (.traceCases, .readCases), (.keepLedger, .readCases), (.runQuarantineSites, .readQuarantine),
            (.recordMonitoringChecks, .readQuarantine), (.designateRiskAreas, .readRiskAreas), (.reportArrivals, .readArrivals),
            (.setManualColours, .readManualColours), (.issueDirectives, .readFindings), (.decidePolicy, .readPolicy),
            (.uploadResults, .receiveTubes),
        ]
        for (write, read) in pairs {
            for role in Role.holding(write) { #expect(role.may(read), "\(role) may \(write) but not \(read)") }
        }
    }
}
