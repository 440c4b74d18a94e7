import CordonDomain
import Foundation

/// An inspector's finding (督查发现) against an area or one of its sites.
public struct InspectionRecord: Sendable, Hashable, Codable {
    public let id: Int64
    public let areaID: Int64
    public let areaName: String
    public let siteName: String?
    public let severity: FindingSeverity
    public let finding: String
    public let hasPhoto: Bool
    public let inspector: String
    public let inspectedAt: Int64
    /// The directives issued to put it right.
    public let followUps: [Int64]
}

public struct NewInspection: Sendable {
    public var areaID: Int64
    public var quarantineSiteID: Int64?
    public var samplingSiteID: Int64?
    public var severity: FindingSeverity
    public var finding: String
    /// A JPEG or PNG of what was found, at most `Supervision.maxPhotoBytes`.
    public var photo: [UInt8]?
    /// A follow-up task for the area: its title, the role it goes to and the deadline.
    public var followUp: (title: String, role: Role?, deadline: Int64)?

    public init(areaID: Int64, quarantineSiteID: Int64? = nil, samplingSiteID: Int64? = nil, severity: FindingSeverity, finding: String,
                photo: [UInt8]? = nil, followUp: (title: String, role: Role?, deadline: Int64)? = nil) {
        self.areaID = areaID
        self.quarantineSiteID = quarantineSiteID
        self.samplingSiteID = samplingSiteID
        self.severity = severity
        self.finding = finding
        self.photo = photo
        self.followUp = followUp
    }
}

/// Supervision (督查): inspectors of the headquarters (commanders and district officers) record what they found in
/// an area, with a photo if they took one, and order the follow-up in the same act.
public struct Supervision: Sendable {
    public let registry: Registry
    var database: Database { registry.database }
    var clock: Clock { registry.database.clock }

    public init(registry: Registry) { self.registry = registry }

    public static let maxPhotoBytes = 2 * 1024 * 1024

    @discardableResult
    public func record(_ new: NewInspection, actor: Actor, now: Int64? = nil) async throws -> Int64 {
        let now = now ?? clock.now()
        try actor.require(.issueDirectives)
        var errors: [FieldError] = []
        let finding = new.finding.trimmingSpaces()
        if finding.isEmpty { errors.append(FieldError(field: "finding", code: .missing)) }
        if finding.count > 4_000 { errors.append(FieldError(field: "finding", code: .tooLong)) }
        var photoType: String?
        if let photo = new.photo {
            if photo.count > Self.maxPhotoBytes { errors.append(FieldError(field: "photo", code: .tooLong)) }
            photoType = Self.imageType(photo)
            if photoType == nil { errors.append(FieldError(field: "photo", code: .format)) }
        }
        if let followUp = new.followUp {
            if followUp.title.trimmingSpaces().isEmpty { errors.append(FieldError(field: "follow_up", code: .missing)) }
            if followUp.deadline <= now { errors.append(FieldError(field: "deadline", code: .outOfRange)) }
        }
        guard errors.isEmpty else { throw FieldErrors(errors: errors) }
        let area = try await database.visibleArea(id: new.areaID, actor: actor)
        let kind = photoType
        return try await database.write { session in
            if let site = new.quarantineSiteID {
                guard try await session.select("SELECT s.id FROM quarantine_sites s JOIN areas a ON a.id = s.area_id WHERE s.id = ? AND \(area.inside("a"))",
                                               binds: [.int(site), .int(area.id)], types: [.int]).first != nil
                else { throw FieldErrors(errors: [FieldError(field: "site", code: .unknownValue)]) }
            }
            if let site = new.samplingSiteID {
                guard try await session.select("SELECT s.id FROM sampling_sites s JOIN areas a ON a.id = s.area_id WHERE s.id = ? AND \(area.inside("a"))",
                                               binds: [.int(site), .int(area.id)], types: [.int]).first != nil
                else { throw FieldErrors(errors: [FieldError(field: "site", code: .unknownValue)]) }
            }
            let id = try await session.execute("""
                INSERT INTO inspections (area_id, quarantine_site_id, sampling_site_id, severity, finding, photo_type, photo, inspector, inspected_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id
                """, binds: [.int(area.id), .int(new.quarantineSiteID), .int(new.samplingSiteID), .text(new.severity.rawValue), .text(finding),
                             .text(kind), .text(new.photo.map { Data($0).base64EncodedString() }), .text(actor.name), .int(now)], returning: [.int]).first![0].int!
            try await Journal.append(session, actor: actor, action: "inspection.record", subjectType: "area", subjectID: "\(area.id)",
                                     reason: finding, detail: "inspection \(id), \(new.severity.rawValue)")
            if let followUp = new.followUp {
                _ = try await Directives.insert(session, title: followUp.title.trimmingSpaces(), body: finding, area: area, role: followUp.role,
                                                deadline: followUp.deadline, inspectionID: id, actor: actor, now: now)
            }
            return id
        }
    }

    /// Findings in areas inside the actor's jurisdiction, newest first.
    public func inspections(actor: Actor, limit: Int = 500) async throws -> [InspectionRecord] {
        try actor.require(.readFindings)
        return try await database.read { session in
            let rows = try await session.select("""
                SELECT i.id, i.area_id, a.name, COALESCE(q.name, s.name), i.severity, i.finding, i.photo_type, i.inspector, i.inspected_at
                FROM inspections i JOIN areas a ON a.id = i.area_id
                LEFT JOIN quarantine_sites q ON q.id = i.quarantine_site_id LEFT JOIN sampling_sites s ON s.id = i.sampling_site_id
                WHERE \(actor.jurisdiction.inside("a")) ORDER BY i.inspected_at DESC, i.id DESC LIMIT ?
                """, binds: [.int(actor.jurisdiction.id), .int(Int64(limit))], types: [.int, .int, .text, .text, .text, .text, .text, .text, .int])
            var followUps: [Int64: [Int64]] = [:]
            let ids = rows.compactMap { $0[0].int }
            if !ids.isEmpty {
                let list = session.list(ids)
                for r in try await session.select("SELECT inspection_id, id FROM directives WHERE inspection_id IN (\(list.sql)) ORDER BY id",
                                                  binds: [list.bind], types: [.int, .int]) {
                    followUps[r[0].int!, default: []].append(r[1].int!)
                }
            }
            return rows.map { r in
                InspectionRecord(id: r[0].int!, areaID: r[1].int!, areaName: r[2].text!, siteName: r[3].text,
                                 severity: FindingSeverity(rawValue: r[4].text!) ?? .minor, finding: r[5].text!, hasPhoto: r[6].text != nil,
                                 inspector: r[7].text!, inspectedAt: r[8].int!, followUps: followUps[r[0].int!] ?? [])
            }
        }
    }

    /// The photo of a finding the actor may see, with its media type.
    public func photo(inspectionID: Int64, actor: Actor) async throws -> (type: String, bytes: [UInt8]) {
        guard actor.may(.readFindings) else { throw StoreError(.notFound, "no such photo") }
        let row = try await database.read { session in
            try await session.select("""
                SELECT i.photo_type, i.photo FROM inspections i JOIN areas a ON a.id = i.area_id WHERE i.id = ? AND \(actor.jurisdiction.inside("a"))
                """, binds: [.int(inspectionID), .int(actor.jurisdiction.id)], types: [.text, .text]).first
        }
        guard let row, let type = row[0].text, let text = row[1].text, let data = Data(base64Encoded: text) else { throw StoreError(.notFound, "no such photo") }
        return (type, [UInt8](data))
    }

    /// JPEG or PNG by their magic numbers; nothing else is kept.
    static func imageType(_ bytes: [UInt8]) -> String? {
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return "image/png" }
        return nil
    }
}
