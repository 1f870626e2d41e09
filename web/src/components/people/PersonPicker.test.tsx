import { useState } from 'react';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { Providers, stubFetch } from '../../test-utils';
import { PersonPicker } from './PersonPicker';
import { forgetPeople } from './people';
import { answerPeople, person, pickPerson } from './testing';

vi.setConfig({ testTimeout: 30_000 });

const wangLonghua = person({ userId: 'u-wang1', name: '王海军', departmentName: '龙华区', title: '科长' });
const wangXiuying = person({ userId: 'u-wang2', name: '王海军', departmentName: '秀英区', title: '副主任' });
const li = person({ userId: 'u-li', name: '李娜', departmentName: '美兰区', title: '科员' });

/** The picker in a little form: what it holds is shown as JSON, as a Form would send it. */
function Harness({ multiple = false, initial, known }: { multiple?: boolean; initial?: string | string[]; known?: { userId: string; name: string }[] }) {
  const [value, setValue] = useState<string | string[] | undefined>(initial);
  return (
    <Providers>
      <label htmlFor="who">人员</label>
      <PersonPicker id="who" multiple={multiple} value={value} onChange={(next: never) => setValue(next)} known={known} />
      <output data-testid="value">{JSON.stringify(value ?? null)}</output>
    </Providers>
  );
}

afterEach(() => {
  vi.unstubAllGlobals();
  forgetPeople();
});

describe('PersonPicker', () => {
  it('searches by what is typed (once typing pauses), tells two 王海军 apart, and holds the id while showing the name', async () => {
    const { calls } = stubFetch((call) => answerPeople([wangLonghua, wangXiuying, li], call.method, call.path));
    render(<Harness />);
    const input = screen.getByLabelText('人员');
    fireEvent.mouseDown(input);
    fireEvent.change(input, { target: { value: '王' } });
    fireEvent.change(input, { target: { value: '王海' } });
    // Both 王海军 are offered with their unit and title.
    expect(await screen.findByTitle('王海军 · 龙华区 · 科长')).toBeTruthy();
    expect(screen.getByTitle('王海军 · 秀英区 · 副主任')).toBeTruthy();
    // Debounced: the keystrokes before the pause sent no search of their own.
    const searches = calls.filter((call) => call.url.pathname === '/api/v1/people' && call.url.searchParams.get('q') !== '');
    expect(searches.map((call) => call.url.searchParams.get('q'))).toEqual(['王海']);
    fireEvent.click(screen.getAllByTitle('王海军 · 秀英区 · 副主任').pop()!);
    await waitFor(() => expect(screen.getByTestId('value').textContent).toBe('"u-wang2"'));
    // The chosen person reads as a name, never as the id.
    const select = document.querySelector('.ant-select')!;
    expect(select.textContent).toContain('王海军');
    expect(select.textContent).not.toContain('u-wang2');
  });

  it('in multiple mode holds the ids of everyone picked and names them all', async () => {
    stubFetch((call) => answerPeople([wangLonghua, li], call.method, call.path));
    render(<Harness multiple initial={['u-known']} known={[{ userId: 'u-known', name: '周明' }]} />);
    expect(await screen.findByText('周明')).toBeTruthy();
    await pickPerson('人员', '李', li);
    await waitFor(() => expect(screen.getByTestId('value').textContent).toBe('["u-known","u-li"]'));
    const select = document.querySelector('.ant-select')!;
    expect(select.textContent).toContain('周明');
    expect(select.textContent).toContain('李娜');
    expect(select.textContent).not.toContain('u-li');
  });

  it('names an id nobody has named as an unknown person, never by the id, and says when search is not available', async () => {
    stubFetch(() => ({ status: 503, body: { type: 'about:blank', title: 'Service Unavailable', status: 503 } }));
    render(<Harness initial="0b7c2f8e-1111-4a4a-9b9b-123456789abc" />);
    expect(await screen.findByText('（未知人员）')).toBeTruthy();
    expect(document.querySelector('.ant-select')!.textContent).not.toContain('0b7c2f8e');
    const input = screen.getByLabelText('人员');
    fireEvent.mouseDown(input);
    fireEvent.change(input, { target: { value: '王' } });
    expect(await screen.findByText('暂时无法搜索人员', {}, { timeout: 15_000 })).toBeTruthy();
  });

  it('tells two picked people of the same name apart by their department', async () => {
    stubFetch((call) => answerPeople([wangLonghua, wangXiuying, li], call.method, call.path));
    render(<Harness multiple />);
    await pickPerson('人员', '王海', wangLonghua);
    await pickPerson('人员', '王海', wangXiuying);
    await waitFor(() => expect(screen.getByTestId('value').textContent).toBe('["u-wang1","u-wang2"]'));
    const select = document.querySelector('.ant-select-selector, .ant-select')!;
    await waitFor(() => expect(select.textContent).toContain('王海军 · 龙华区'));
    expect(select.textContent).toContain('王海军 · 秀英区');
    expect(select.textContent).not.toContain('u-wang');
  });
});
