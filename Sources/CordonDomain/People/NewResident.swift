/// A resident as submitted by a form or a CSV row, before it has an id: every field already validated.
public struct NewResident: Hashable, Sendable {
    public var name: String
    public var idKind: IDKind
    public var idNumber: String
    public var birthDate: CivilDate
    public var sex: Sex
    public var phone: String?
    public var householdCode: String
    public var groups: [SpecialGroup]
    /// The occupational group routine testing reaches this person through, if any.
    public var workGroup: WorkGroup?

    public init(name: String, idKind: IDKind, idNumber: String, birthDate: CivilDate, sex: Sex, phone: String?,
                householdCode: String, groups: [SpecialGroup], workGroup: WorkGroup? = nil) {
        self.name = name
        self.idKind = idKind
        self.idNumber = idNumber
        self.birthDate = birthDate
        self.sex = sex
        self.phone = phone
        self.householdCode = householdCode
        self.groups = groups
        self.workGroup = workGroup
    }

    /// Validates raw text fields, reporting the first bad field. For a resident card the birth date and sex come
    /// from the number itself; for other documents they must be given.
    public static func validate(_ raw: RawResident) throws(FieldError) -> NewResident {
        let name = raw.name.trimmingSpaces()
        guard !name.isEmpty else { throw FieldError(field: "name", code: .missing) }
        guard name.count <= 64 else { throw FieldError(field: "name", code: .tooLong) }

        let kindText = raw.idKind.trimmingSpaces()
        guard let kind = kindText.isEmpty ? .residentCard : IDKind(rawValue: kindText) else {
            throw FieldError(field: "id_kind", code: .unknownValue)
        }
        guard !raw.idNumber.trimmingSpaces().isEmpty else { throw FieldError(field: "id_number", code: .missing) }
        let number: String
        let birth: CivilDate
        let sex: Sex
        if kind == .residentCard {
            let card: IDNumber
            do { card = try IDNumber(raw.idNumber) } catch { throw FieldError(field: "id_number", code: error) }
            number = card.value
            birth = card.birthDate
            sex = card.sex
        } else {
            do { number = try kind.normalise(raw.idNumber) } catch { throw FieldError(field: "id_number", code: error) }
            guard let b = CivilDate(iso: raw.birthDate.trimmingSpaces()) else {
                throw FieldError(field: "birth_date", code: raw.birthDate.isEmpty ? .missing : .format)
            }
            guard let s = Sex(rawValue: raw.sex.trimmingSpaces()) else {
                throw FieldError(field: "sex", code: raw.sex.isEmpty ? .missing : .unknownValue)
            }
            birth = b
            sex = s
        }

        var phone: String?
        if !raw.phone.trimmingSpaces().isEmpty {
            do { phone = try PhoneNumber(raw.phone).value } catch { throw FieldError(field: "phone", code: error) }
        }
        let household: String
        do { household = try Area.validateCode(raw.householdCode) } catch { throw FieldError(field: "household_code", code: error) }
        let groups: [SpecialGroup]
        do { groups = try SpecialGroup.parseList(raw.groups) } catch { throw FieldError(field: "groups", code: error) }
        let workGroup: WorkGroup?
        do { workGroup = try WorkGroup.parse(raw.workGroup) } catch { throw FieldError(field: "work_group", code: error) }

        return NewResident(name: name, idKind: kind, idNumber: number, birthDate: birth, sex: sex, phone: phone,
                           householdCode: household, groups: groups, workGroup: workGroup)
    }
}

/// A resident's fields as text, in the columns of the documented CSV format.
public struct RawResident: Sendable {
    public var name = ""
    public var idKind = ""
    public var idNumber = ""
    public var birthDate = ""
    public var sex = ""
    public var phone = ""
    public var householdCode = ""
    public var groups = ""
    public var workGroup = ""

    public init(name: String = "", idKind: String = "", idNumber: String = "", birthDate: String = "", sex: String = "",
                phone: String = "", householdCode: String = "", groups: String = "", workGroup: String = "") {
        self.name = name
        self.idKind = idKind
        self.idNumber = idNumber
        self.birthDate = birthDate
        self.sex = sex
        self.phone = phone
        self.householdCode = householdCode
        self.groups = groups
        self.workGroup = workGroup
    }
}
