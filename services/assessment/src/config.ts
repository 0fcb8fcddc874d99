import { baseConfigSchema, createConfig as parse, withLocalDefaults } from '@carelink/service-host';
import { z } from 'zod';

export const assessmentConfigSchema = baseConfigSchema.extend({
  /** Intake's base URL: a file's export reads its attachments there, with the caller's own staff token. */
  INTAKE_URL: z
    .string()
    .url()
    .regex(/^https?:\/\//, 'an http:// or https:// base URL')
    .default('http://127.0.0.1:4101'),
  /**
   * The CJK font a file's PDF (档案.pdf) is written in, embedded: a TrueType collection or font file, and the
   * PostScript name of the face to take from it (Debian's fonts-noto-cjk; its Simplified Chinese face).
   */
  PERSON_FILE_FONT: z.string().min(1).default('/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc'),
  PERSON_FILE_FONT_FACE: z.string().min(1).default('NotoSansCJKsc-Regular'),
});
export type AssessmentConfig = z.infer<typeof assessmentConfigSchema>;

export function createConfig(env: Record<string, string | undefined> = process.env): AssessmentConfig {
  return parse(assessmentConfigSchema, withLocalDefaults('assessment', 4102, env));
}
