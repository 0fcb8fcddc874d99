/**
 * Made-up residents for load: person number i always gets the same valid GB 11643 ID number, name and
 * phone, and different numbers never share an ID (birth date over 35 years × sequence 000–999: about
 * 12.7 million people), so every request is a new person and none is merged into another's.
 */
import { checkCharacter } from '@carelink/contracts';

/** Guichi district (贵池区), Chizhou; the township below is in it. */
export const COUNTY = '341702';
/** 池阳街道, Guichi district: a township of the Chizhou demo pack. */
export const TOWNSHIP = '341702001';

const FIRST_BIRTH_DAY = Date.UTC(1931, 0, 1);
const BIRTH_DAYS = 35 * 365;
const SEQUENCES = 1000;
export const DISTINCT_RESIDENTS = BIRTH_DAYS * SEQUENCES;

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '胡', '朱', '高', '林'];
const GIVEN = ['秀英', '建国', '桂兰', '玉兰', '志强', '淑珍', '德明', '凤英', '国华', '春生', '长林', '金花'];

export interface Resident {
  name: string;
  idNumber: string;
  phone: string;
}

export function resident(i: number): Resident {
  if (!Number.isInteger(i) || i < 0 || i >= DISTINCT_RESIDENTS)
    throw new Error(`resident number ${i} is outside 0…${DISTINCT_RESIDENTS - 1}`);
  const birth = new Date(FIRST_BIRTH_DAY + (i % BIRTH_DAYS) * 86_400_000).toISOString().slice(0, 10);
  const sequence = Math.floor(i / BIRTH_DAYS);
  const first17 = `${COUNTY}${birth.replace(/-/g, '')}${String(sequence).padStart(3, '0')}`;
  return {
    name: SURNAMES[i % SURNAMES.length]! + GIVEN[Math.floor(i / SURNAMES.length) % GIVEN.length]!,
    idNumber: first17 + checkCharacter(first17),
    phone: `139${String(i % 100_000_000).padStart(8, '0')}`,
  };
}

/** POST /requests at intake: resident i asks at the township window for one service item. */
export function windowRequest(i: number, itemCode: string) {
  return {
    region: 'chizhou',
    channel: 'window',
    applicant: resident(i),
    address: { township: TOWNSHIP, village: '341702001201' },
    declaredGroups: ['tekun'],
    consentToShare: true,
    items: [itemCode],
    description: '独居，行动不便，需要上门服务',
  };
}
