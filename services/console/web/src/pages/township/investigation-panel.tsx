import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  AutoComplete,
  Button,
  Card,
  Checkbox,
  Col,
  Descriptions,
  Divider,
  Form,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
  type FormInstance,
} from 'antd';
import { useMemo, useState } from 'react';
import { answer, api } from '../../api/client';
import { useNames } from '../../api/directory';
import { ApiError, errorMessage } from '../../api/problem';
import type { AttachmentView, CaseView, InvestigationResult } from '../../api/views';
import { useSession } from '../../auth/session';
import { Countdown, formatTime } from '../../components/countdown';
import { nameOf } from '../../i18n/domain-names';
import { useLocale } from '../../i18n/locale';
import { BARTHEL_ITEMS, barthelTotal, type BarthelKey } from './barthel';
import { useCaseMutation } from './case-queries';

/** Puts the service's per-field complaints (problem `errors[].path`) on the form's fields. */
function showFieldErrors(form: FormInstance, err: unknown, inChinese: boolean, fallback: string) {
  if (!(err instanceof ApiError) || !Array.isArray(err.problem.errors)) return;
  const fields = err.problem.errors
    .filter((e) => typeof e.path === 'string' && e.path)
    .map((e) => ({
      name: e.path!.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)),
      // The services' per-field texts are English; the Chinese UI marks the field and says why above the form.
      errors: [inChinese ? fallback : (e.message ?? fallback)],
    }));
  try {
    form.setFields(fields as never);
  } catch {
    // A path the form has no field for: the message above the form says it.
  }
}

// ---- the team ----

interface TeamValues {
  team: { staffId: string; name: string; office: string }[];
}

function TeamForm({ caseView, onDone }: { caseView: CaseView; onDone: () => void }) {
  const { m, locale } = useLocale();
  const names = useNames();
  const { message } = App.useApp();
  const session = useSession();
  const account = session.data!.account;
  const [form] = Form.useForm<TeamValues>();
  const township = caseView.address.township;
  const offices = [township, ...names.placesWithin(township, 'village').map((p) => p.code)];
  const assign = useCaseMutation((values: TeamValues) =>
    answer(
      api.assessment.POST('/cases/{caseId}/investigation-team', {
        params: { path: { caseId: caseView.caseId } },
        body: { team: values.team.map((t) => ({ staffId: t.staffId.trim(), name: t.name.trim(), office: t.office })) },
      }),
    ),
  );
  const current = caseView.investigation?.team;
  const initial: TeamValues = {
    team: current
      ? current.map((t) => ({ ...t }))
      : [
          {
            staffId: account.username,
            name: account.displayName,
            office: account.jurisdiction.startsWith(township) ? account.jurisdiction : township,
          },
          { staffId: '', name: '', office: caseView.address.village ?? township },
        ],
  };
  const onFinish = (values: TeamValues) =>
    assign.mutate(values, {
      onSuccess: () => {
        void message.success(m.team.assigned);
        onDone();
      },
      onError: (err) => showFieldErrors(form, err, locale === 'zh-CN', m.common.fieldInvalid),
    });
  return (
    <Form<TeamValues> form={form} layout="vertical" initialValues={initial} onFinish={onFinish} data-testid="team-form">
      <Typography.Paragraph type="secondary">{m.team.hint}</Typography.Paragraph>
      {assign.error && (
        <Alert
          type="error"
          showIcon
          title={errorMessage(assign.error, m.errors.network)}
          style={{ marginBottom: 12 }}
          role="alert"
        />
      )}
      <Row gutter={16}>
        {[0, 1].map((i) => (
          <Col xs={24} lg={12} key={i}>
            <Card size="small" title={m.team.member(i + 1)}>
              <Form.Item
                label={m.team.staffId}
                name={['team', i, 'staffId']}
                rules={[
                  { required: true, whitespace: true, message: m.team.staffIdRequired },
                  ({ getFieldValue }) => ({
                    validator: (_, v: string | undefined) =>
                      v && v.trim() === String(getFieldValue(['team', 1 - i, 'staffId']) ?? '').trim()
                        ? Promise.reject(new Error(m.team.samePerson))
                        : Promise.resolve(),
                  }),
                ]}
                dependencies={[['team', 1 - i, 'staffId']]}
              >
                <Input data-testid={`team-${i}-staff-id`} />
              </Form.Item>
              <Form.Item
                label={m.team.name}
                name={['team', i, 'name']}
                rules={[{ required: true, whitespace: true, max: 50, message: m.team.nameRequired }]}
              >
                <Input data-testid={`team-${i}-name`} />
              </Form.Item>
              <Form.Item
                label={m.team.office}
                name={['team', i, 'office']}
                rules={[{ required: true, message: m.team.officeRequired }]}
              >
                <Select
                  data-testid={`team-${i}-office`}
                  options={offices.map((code) => ({ value: code, label: names.place(code) }))}
                  showSearch={{ optionFilterProp: 'label' }}
                />
              </Form.Item>
            </Card>
          </Col>
        ))}
      </Row>
      <Button
        type="primary"
        htmlType="submit"
        loading={assign.isPending}
        style={{ marginTop: 16 }}
        data-testid="team-submit"
      >
        {m.team.submit}
      </Button>
    </Form>
  );
}

// ---- the investigation ----

type CarerSituation = NonNullable<InvestigationResult['carer']>;
type CareIllness = NonNullable<InvestigationResult['illnesses']>[number];
/** Who looks after the person, as the team may find it (the radio's order). */
const CARER_SITUATIONS: CarerSituation[] = ['present', 'absent', 'suddenly_absent'];
/** The illnesses that rule out collective care (患有精神病、传染病等疾病不宜集中供养). */
const CARE_ILLNESSES: CareIllness[] = ['psychiatric', 'infectious'];

interface InvestigationValues {
  household: { members?: number; livingAlone: boolean; monthlyIncomeYuan?: number; housing?: string };
  difficulty: { types: string[]; degree?: 'mild' | 'moderate' | 'severe' };
  barthelEnabled: boolean;
  barthel?: Partial<Record<BarthelKey, number>>;
  carer?: CarerSituation;
  illnesses: CareIllness[];
  needs: { kind: 'common' | 'individual'; category?: string; itemCode?: string; description?: string }[];
  verifiedConditions: string[];
  /** Whether the team checked the registers; then `verifiedStatuses` is what they confirmed (maybe nothing). */
  statusesChecked: boolean;
  verifiedStatuses: { status?: string; register?: string; documentRef?: string }[];
  evidencePhotos: string[];
  note?: string;
}

/** The live Barthel total beside the items, with the band it falls in. */
function BarthelTotal({ form }: { form: FormInstance<InvestigationValues> }) {
  const { m, names } = useLocale();
  const values = Form.useWatch('barthel', form);
  const { score, missing, band } = barthelTotal(values);
  return (
    <div aria-live="polite" data-testid="barthel-total">
      <span className="barthel-total">{m.investigationForm.barthelTotal(score, nameOf(names.barthelBand, band))}</span>
      {missing > 0 && (
        <Typography.Text type="secondary" style={{ marginLeft: 12 }}>
          {m.investigationForm.barthelIncomplete(missing)}
        </Typography.Text>
      )}
    </div>
  );
}

function InvestigationForm({ caseView, photos }: { caseView: CaseView; photos: AttachmentView[] }) {
  const { m, names, locale } = useLocale();
  const directory = useNames();
  const { message } = App.useApp();
  const [form] = Form.useForm<InvestigationValues>();
  const barthelEnabled = Form.useWatch('barthelEnabled', form);
  const record = useCaseMutation((v: InvestigationValues) =>
    answer(
      api.assessment.POST('/cases/{caseId}/investigation', {
        params: { path: { caseId: caseView.caseId } },
        body: {
          household: {
            members: v.household.members!,
            livingAlone: v.household.livingAlone,
            ...(v.household.monthlyIncomeYuan !== undefined && v.household.monthlyIncomeYuan !== null
              ? { monthlyIncomeFen: Math.round(v.household.monthlyIncomeYuan * 100) }
              : {}),
            ...(v.household.housing?.trim() ? { housing: v.household.housing.trim() } : {}),
          },
          difficulty: { types: v.difficulty.types.map((t) => t.trim()).filter(Boolean), degree: v.difficulty.degree! },
          ...(v.barthelEnabled && v.barthel ? { barthel: v.barthel as Record<BarthelKey, number> } : {}),
          carer: v.carer!,
          illnesses: v.illnesses ?? [],
          needs: v.needs.map((n) => ({
            kind: n.kind,
            category: n.category!.trim(),
            ...(n.itemCode ? { itemCode: n.itemCode } : {}),
            description: n.description!.trim(),
          })),
          verifiedConditions: v.verifiedConditions ?? [],
          ...(v.statusesChecked
            ? {
                verifiedStatuses: (v.verifiedStatuses ?? []).map((s) => ({
                  status: s.status as never,
                  register: s.register!,
                  documentRef: s.documentRef!.trim(),
                })),
              }
            : {}),
          evidencePhotos: v.evidencePhotos ?? [],
          ...(v.note?.trim() ? { note: v.note.trim() } : {}),
        },
      }),
    ),
  );
  const registers = [...(directory.directory?.statusRegisters.values() ?? [])];
  const statusesChecked = Form.useWatch('statusesChecked', form);
  // Conditions entered by hand (derived ones — elderly, dependency — the rules compute).
  const conditions = [...(directory.directory?.conditions.values() ?? [])].filter((c) => !c.derived);
  // A need's category is free text in the ledger; offered as the catalogue's categories by name.
  const categoryName = (code: string | undefined) => (code ? nameOf(names.itemCategory, code) : undefined);
  const categories = useMemo(
    () =>
      [
        ...new Set(
          [...(directory.directory?.items.values() ?? [])].map((i) => categoryName(i.category)).filter(Boolean),
        ),
      ] as string[],
    [directory.directory, names],
  );
  const initial: InvestigationValues = {
    household: { livingAlone: false },
    difficulty: { types: [] },
    barthelEnabled: (caseView.person.ageAtRegistration ?? 0) >= 60,
    // Who looks after the person is chosen by the team, never pre-filled: nobody's answer is the default.
    illnesses: [],
    needs: caseView.itemCodes.map((code) => ({
      kind: 'individual',
      category: categoryName(directory.directory?.items.get(code)?.category),
      itemCode: code,
      description: '',
    })),
    verifiedConditions: [],
    // The registers are checked for what was declared: one row per declared status, on the register that holds it.
    statusesChecked: true,
    verifiedStatuses: (caseView.declaredGroups ?? []).map((status) => ({
      status,
      register: registers.find((r) => r.statuses?.includes(status))?.code,
      documentRef: '',
    })),
    evidencePhotos: [],
  };
  const onFinish = (values: InvestigationValues) =>
    record.mutate(values, {
      onSuccess: () => void message.success(m.investigationForm.recorded),
      onError: (err) => showFieldErrors(form, err, locale === 'zh-CN', m.common.fieldInvalid),
    });

  return (
    <Form<InvestigationValues>
      form={form}
      layout="vertical"
      initialValues={initial}
      onFinish={onFinish}
      scrollToFirstError
      data-testid="investigation-form"
    >
      {record.error && (
        <Alert
          type="error"
          showIcon
          title={errorMessage(record.error, m.errors.network)}
          style={{ marginBottom: 12 }}
          role="alert"
        />
      )}
      <Divider titlePlacement="start">{m.investigationForm.household}</Divider>
      <Row gutter={16}>
        <Col xs={24} md={6}>
          <Form.Item
            label={m.investigationForm.members}
            name={['household', 'members']}
            rules={[{ required: true, message: m.investigationForm.membersRequired }]}
          >
            <InputNumber min={1} max={30} precision={0} style={{ width: '100%' }} data-testid="inv-members" />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item
            label={m.investigationForm.livingAlone}
            name={['household', 'livingAlone']}
            valuePropName="checked"
          >
            <Switch data-testid="inv-living-alone" />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item label={m.investigationForm.monthlyIncome} name={['household', 'monthlyIncomeYuan']}>
            <InputNumber min={0} max={10_000_000} precision={2} style={{ width: '100%' }} data-testid="inv-income" />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item label={m.investigationForm.housing} name={['household', 'housing']} rules={[{ max: 200 }]}>
            <Input data-testid="inv-housing" />
          </Form.Item>
        </Col>
      </Row>

      <Divider titlePlacement="start">{m.investigationForm.difficulty}</Divider>
      <Row gutter={16}>
        <Col xs={24} md={16}>
          <Form.Item
            label={m.investigationForm.difficultyTypes}
            name={['difficulty', 'types']}
            extra={m.investigationForm.difficultyTypesHint}
            rules={[{ required: true, type: 'array', min: 1, message: m.investigationForm.difficultyTypesRequired }]}
          >
            <Select
              mode="tags"
              options={names.difficultyTypes.map((t) => ({ value: t, label: t }))}
              data-testid="inv-difficulty-types"
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item
            label={m.investigationForm.degree}
            name={['difficulty', 'degree']}
            rules={[{ required: true, message: m.investigationForm.degreeRequired }]}
          >
            <Radio.Group
              optionType="button"
              data-testid="inv-degree"
              options={(['mild', 'moderate', 'severe'] as const).map((d) => ({
                value: d,
                label: nameOf(names.degree, d),
              }))}
            />
          </Form.Item>
        </Col>
      </Row>

      <Divider titlePlacement="start">{m.investigationForm.barthel}</Divider>
      <Form.Item name="barthelEnabled" valuePropName="checked" label={m.investigationForm.barthelEnabled}>
        <Switch data-testid="inv-barthel-enabled" />
      </Form.Item>
      {barthelEnabled && (
        <Card size="small" data-testid="barthel-items" title={<BarthelTotal form={form} />}>
          <Row gutter={[24, 0]}>
            {BARTHEL_ITEMS.map(({ key, scores }) => (
              <Col xs={24} md={12} key={key}>
                <Form.Item
                  label={nameOf(names.barthelItem, key)}
                  name={['barthel', key]}
                  rules={[{ required: true, message: m.investigationForm.barthelItemRequired }]}
                >
                  <Radio.Group
                    optionType="button"
                    buttonStyle="solid"
                    data-testid={`barthel-${key}`}
                    options={scores.map((s) => ({ value: s, label: String(s) }))}
                  />
                </Form.Item>
              </Col>
            ))}
          </Row>
        </Card>
      )}

      <Divider titlePlacement="start">{m.investigationForm.care}</Divider>
      <Row gutter={16}>
        <Col xs={24} lg={14}>
          <Form.Item
            label={m.investigationForm.carer}
            name="carer"
            extra={m.investigationForm.carerHint}
            rules={[{ required: true, message: m.investigationForm.carerRequired }]}
          >
            <Radio.Group
              data-testid="inv-carer"
              options={CARER_SITUATIONS.map((c) => ({ value: c, label: nameOf(names.carer, c) }))}
            />
          </Form.Item>
        </Col>
        <Col xs={24} lg={10}>
          <Form.Item label={m.investigationForm.illnesses} name="illnesses" extra={m.investigationForm.illnessesHint}>
            <Checkbox.Group
              data-testid="inv-illnesses"
              options={CARE_ILLNESSES.map((i) => ({ value: i, label: nameOf(names.careIllness, i) }))}
            />
          </Form.Item>
        </Col>
      </Row>

      <Divider titlePlacement="start">{m.investigationForm.needs}</Divider>
      <Form.List
        name="needs"
        rules={[
          {
            validator: async (_, needs: unknown[] | undefined) => {
              if (!needs || needs.length < 1) throw new Error(m.investigationForm.needsRequired);
            },
          },
        ]}
      >
        {(fields, { add, remove }, { errors }) => (
          <>
            {fields.map((field, index) => (
              <Card
                size="small"
                key={field.key}
                style={{ marginBottom: 12 }}
                data-testid={`need-${index}`}
                extra={
                  <Button
                    type="text"
                    danger
                    icon={<DeleteOutlined />}
                    aria-label={`${m.investigationForm.removeNeed} ${index + 1}`}
                    onClick={() => remove(field.name)}
                  />
                }
              >
                <Row gutter={16}>
                  <Col xs={24} md={5}>
                    <Form.Item
                      label={m.investigationForm.needKind}
                      name={[field.name, 'kind']}
                      rules={[{ required: true }]}
                    >
                      <Select
                        options={(['common', 'individual'] as const).map((k) => ({
                          value: k,
                          label: nameOf(names.needKind, k),
                        }))}
                      />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={6}>
                    <Form.Item
                      label={m.investigationForm.needCategory}
                      name={[field.name, 'category']}
                      rules={[
                        {
                          required: true,
                          whitespace: true,
                          max: 50,
                          message: m.investigationForm.needCategoryRequired,
                        },
                      ]}
                    >
                      <AutoComplete options={categories.map((c) => ({ value: c }))} />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={13}>
                    <Form.Item label={m.investigationForm.needItem} name={[field.name, 'itemCode']}>
                      <Select
                        allowClear
                        showSearch={{ optionFilterProp: 'label' }}
                        options={[...(directory.directory?.items.values() ?? [])].map((i) => ({
                          value: i.code,
                          label: directory.item(i.code),
                        }))}
                      />
                    </Form.Item>
                  </Col>
                  <Col span={24}>
                    <Form.Item
                      label={m.investigationForm.needDescription}
                      name={[field.name, 'description']}
                      rules={[
                        {
                          required: true,
                          whitespace: true,
                          max: 500,
                          message: m.investigationForm.needDescriptionRequired,
                        },
                      ]}
                    >
                      <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={500} showCount />
                    </Form.Item>
                  </Col>
                </Row>
              </Card>
            ))}
            <Form.ErrorList errors={errors} />
            <Button
              type="dashed"
              icon={<PlusOutlined />}
              onClick={() => add({ kind: 'individual', description: '' })}
              data-testid="need-add"
            >
              {m.investigationForm.addNeed}
            </Button>
          </>
        )}
      </Form.List>

      <Divider titlePlacement="start">{m.investigationForm.verifiedStatuses}</Divider>
      <Form.Item name="statusesChecked" valuePropName="checked" extra={m.investigationForm.statusesCheckedHint}>
        <Checkbox data-testid="inv-statuses-checked">{m.investigationForm.statusesChecked}</Checkbox>
      </Form.Item>
      {statusesChecked !== false && (
        <Form.List name="verifiedStatuses">
          {(fields, { add, remove }) => (
            <>
              {fields.length === 0 && (
                <Typography.Paragraph type="secondary">{m.investigationForm.noStatusVerified}</Typography.Paragraph>
              )}
              {fields.map((field, index) => (
                <Row gutter={16} key={field.key} data-testid={`verified-status-${index}`} align="bottom">
                  <Col xs={24} md={6}>
                    <Form.Item
                      label={m.investigationForm.status}
                      name={[field.name, 'status']}
                      rules={[{ required: true, message: m.investigationForm.statusRequired }]}
                    >
                      <Select
                        aria-label={`${m.investigationForm.status} ${index + 1}`}
                        options={[...(directory.directory?.targetGroups.values() ?? [])].map((g) => ({
                          value: g.code,
                          label: directory.group(g.code),
                        }))}
                      />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={8}>
                    <Form.Item noStyle dependencies={[['verifiedStatuses', field.name, 'status']]}>
                      {({ getFieldValue }) => {
                        const status = getFieldValue(['verifiedStatuses', field.name, 'status']) as string | undefined;
                        return (
                          <Form.Item
                            label={m.investigationForm.register}
                            name={[field.name, 'register']}
                            rules={[{ required: true, message: m.investigationForm.registerRequired }]}
                          >
                            <Select
                              aria-label={`${m.investigationForm.register} ${index + 1}`}
                              options={registers
                                .filter((r) => !status || r.statuses?.includes(status))
                                .map((r) => ({ value: r.code, label: directory.register(r.code) }))}
                            />
                          </Form.Item>
                        );
                      }}
                    </Form.Item>
                  </Col>
                  <Col xs={20} md={8}>
                    <Form.Item
                      label={m.investigationForm.documentRef}
                      name={[field.name, 'documentRef']}
                      rules={[
                        {
                          required: true,
                          whitespace: true,
                          max: 100,
                          message: m.investigationForm.documentRefRequired,
                        },
                      ]}
                    >
                      <Input maxLength={100} aria-label={`${m.investigationForm.documentRef} ${index + 1}`} />
                    </Form.Item>
                  </Col>
                  <Col xs={4} md={2}>
                    <Form.Item>
                      <Button
                        type="text"
                        danger
                        icon={<DeleteOutlined />}
                        aria-label={`${m.investigationForm.removeStatus} ${index + 1}`}
                        onClick={() => remove(field.name)}
                      />
                    </Form.Item>
                  </Col>
                </Row>
              ))}
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() => add({ documentRef: '' })}
                data-testid="verified-status-add"
                style={{ marginBottom: 16 }}
              >
                {m.investigationForm.addStatus}
              </Button>
            </>
          )}
        </Form.List>
      )}

      <Divider titlePlacement="start">{m.investigationForm.verifiedConditions}</Divider>
      <Form.Item name="verifiedConditions" extra={m.investigationForm.verifiedConditionsHint}>
        <Checkbox.Group
          data-testid="inv-conditions"
          options={conditions.map((c) => ({ value: c.code, label: directory.condition(c.code) }))}
        />
      </Form.Item>
      {photos.length > 0 && (
        <Form.Item name="evidencePhotos" label={nameOf(names.attachmentKind, 'evidence_photo')}>
          <Checkbox.Group options={photos.map((p) => ({ value: p.attachmentId, label: formatTime(p.uploadedAt) }))} />
        </Form.Item>
      )}
      <Form.Item label={m.investigationForm.note} name="note" rules={[{ max: 2000 }]}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} showCount data-testid="inv-note" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={record.isPending} data-testid="investigation-submit">
        {m.investigationForm.submit}
      </Button>
    </Form>
  );
}

/** What the team found, as recorded. */
function InvestigationResultView({ result }: { result: InvestigationResult }) {
  const { m, names } = useLocale();
  const directory = useNames();
  return (
    <div data-testid="investigation-result">
      <Descriptions bordered size="small" column={{ xs: 1, md: 2, xl: 3 }}>
        <Descriptions.Item label={m.investigationForm.recordedBy}>{result.recordedBy}</Descriptions.Item>
        <Descriptions.Item label={m.investigationForm.recordedAt}>{formatTime(result.recordedAt)}</Descriptions.Item>
        <Descriptions.Item label={m.investigationForm.members}>{result.household.members}</Descriptions.Item>
        <Descriptions.Item label={m.investigationForm.livingAlone}>
          <span data-testid="investigation-living-alone">
            {result.household.livingAlone ? m.common.yes : m.common.no}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={m.investigationForm.monthlyIncome}>
          {result.household.monthlyIncomeFen === undefined
            ? m.common.notEntered
            : (result.household.monthlyIncomeFen / 100).toFixed(2)}
        </Descriptions.Item>
        <Descriptions.Item label={m.investigationForm.housing}>
          {result.household.housing ?? m.common.notEntered}
        </Descriptions.Item>
        <Descriptions.Item label={m.investigationForm.difficultyTypes} span={2}>
          {result.difficulty.types.join('、')}
        </Descriptions.Item>
        <Descriptions.Item label={m.investigationForm.degree}>
          {nameOf(names.degree, result.difficulty.degree)}
        </Descriptions.Item>
        {result.barthel && (
          <Descriptions.Item label={m.investigationForm.barthel} span={3}>
            <Space wrap size={[12, 4]}>
              <strong>
                {m.investigationForm.barthelTotal(result.barthel.score, nameOf(names.barthelBand, result.barthel.band))}
              </strong>
              {BARTHEL_ITEMS.map(({ key }) => (
                <span key={key}>
                  {nameOf(names.barthelItem, key)} {result.barthel!.items[key] ?? '-'}
                </span>
              ))}
            </Space>
          </Descriptions.Item>
        )}
        <Descriptions.Item label={m.investigationForm.carer}>
          <span data-testid="investigation-carer">
            {result.carer ? nameOf(names.carer, result.carer) : m.investigationForm.notAsked}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={m.investigationForm.illnesses} span={2}>
          <span data-testid="investigation-illnesses">
            {result.illnesses === undefined
              ? m.investigationForm.notAsked
              : result.illnesses.length === 0
                ? m.investigationForm.noIllness
                : result.illnesses.map((i) => nameOf(names.careIllness, i)).join('、')}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={m.investigationForm.verifiedStatuses} span={3}>
          {result.verifiedStatuses === undefined ? (
            m.investigationForm.statusesNotChecked
          ) : result.verifiedStatuses.length === 0 ? (
            m.investigationForm.noStatusVerified
          ) : (
            <Space wrap data-testid="verified-statuses">
              {result.verifiedStatuses.map((v) => (
                <Tag key={v.status} color="blue">
                  {directory.group(v.status)}（{directory.register(v.register)}，{v.documentRef}）
                </Tag>
              ))}
            </Space>
          )}
        </Descriptions.Item>
        <Descriptions.Item label={m.investigationForm.verifiedConditions} span={3}>
          <Space wrap>
            {result.verifiedConditions.map((c) => (
              <Tag key={c} color="purple">
                {directory.condition(c)}
              </Tag>
            ))}
          </Space>
        </Descriptions.Item>
        {result.conditionReasons.length > 0 && (
          <Descriptions.Item label={m.investigationForm.derivedReasons} span={3}>
            {result.conditionReasons.join('；')}
          </Descriptions.Item>
        )}
        {result.note && (
          <Descriptions.Item label={m.investigationForm.note} span={3}>
            {result.note}
          </Descriptions.Item>
        )}
      </Descriptions>
      <Table
        style={{ marginTop: 12 }}
        size="small"
        pagination={false}
        rowKey={(_, i) => String(i)}
        title={() => m.investigationForm.needs}
        dataSource={result.needs}
        columns={[
          { title: m.investigationForm.needKind, key: 'kind', render: (_, n) => nameOf(names.needKind, n.kind) },
          { title: m.investigationForm.needCategory, key: 'category', dataIndex: 'category' },
          {
            title: m.investigationForm.needItem,
            key: 'item',
            render: (_, n) => (n.itemCode ? directory.item(n.itemCode) : ''),
          },
          { title: m.investigationForm.needDescription, key: 'description', dataIndex: 'description' },
        ]}
      />
    </div>
  );
}

/** The home investigation of a case: the team (assign or reassign), then the form, then what was found. */
export function InvestigationPanel({ caseView, attachments }: { caseView: CaseView; attachments: AttachmentView[] }) {
  const { m } = useLocale();
  const session = useSession();
  const account = session.data!.account;
  const [reassigning, setReassigning] = useState(false);
  const inv = caseView.investigation;
  const canAssign =
    account.role === 'township_caseworker' && (caseView.status === 'open' || caseView.status === 'investigating');
  const onTeam = Boolean(inv?.team.some((t) => t.staffId === account.username));
  const canRecord =
    caseView.status === 'investigating' &&
    onTeam &&
    (account.role === 'township_caseworker' || account.role === 'village_coordinator');
  const photos = attachments.filter((a) => a.kind === 'evidence_photo');

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      {inv && (
        <Card
          size="small"
          title={m.team.current}
          extra={
            canAssign && caseView.status === 'investigating' && !reassigning ? (
              <Button size="small" onClick={() => setReassigning(true)} data-testid="team-reassign">
                {m.team.reassign}
              </Button>
            ) : null
          }
        >
          <Descriptions size="small" column={{ xs: 1, md: 3 }}>
            {inv.team.map((t, i) => (
              <Descriptions.Item key={t.staffId} label={m.team.member(i + 1)}>
                {t.name}（{t.staffId}）
              </Descriptions.Item>
            ))}
            <Descriptions.Item label={m.team.dueAt}>
              {inv.result ? formatTime(inv.dueAt) : <Countdown dueAt={inv.dueAt} overdue={inv.overdue} />}
            </Descriptions.Item>
          </Descriptions>
        </Card>
      )}
      {canAssign && (!inv || reassigning) && (
        <Card size="small" title={m.team.title}>
          <TeamForm caseView={caseView} onDone={() => setReassigning(false)} />
        </Card>
      )}
      {caseView.status === 'open' && !canAssign && <Alert type="info" showIcon title={m.investigationForm.notYet} />}
      {caseView.status === 'investigating' && !canRecord && (
        <Alert type="info" showIcon title={m.investigationForm.onlyTeam} />
      )}
      {canRecord && (
        <Card size="small" title={m.investigationForm.title}>
          <InvestigationForm caseView={caseView} photos={photos} />
        </Card>
      )}
      {inv?.result && (
        <Card size="small" title={m.investigationForm.result}>
          <InvestigationResultView result={inv.result} />
        </Card>
      )}
    </Space>
  );
}
