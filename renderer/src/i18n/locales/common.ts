/** Shell-wide strings. Each area keeps its own file; zh must have every key en has (a compile error otherwise). */
export const en = {
  appName: 'QPY Studio',
  workspace: {
    device: 'Device',
    cloud: 'Cloud credentials',
    mqtt: 'MQTT console',
  },
  workspaceHint: {
    device: 'REPL, files and scripts on the module',
    cloud: 'Turn console secrets into a working connection',
    mqtt: 'Subscribe, publish, watch uplink and downlink',
  },
  language: 'Language',
  theme: { label: 'Theme', light: 'Light', dark: 'Dark', system: 'System' },
  status: {
    backend: 'Backend',
    open: 'connected',
    connecting: 'connecting…',
    closed: 'disconnected — retrying',
    refused:
      'not allowed — open the full address that `qpy web` printed (it ends in #token=…); it changes at every start',
    mode: { electron: 'Desktop', web: 'Browser mode' },
  },
  ports: {
    title: 'Serial ports',
    refresh: 'Refresh',
    empty:
      'No serial ports found. Plug in the module (and install the Quectel USB driver on Windows), or use the simulator.',
    freePath: 'Other port (path)',
    freePathPlaceholder: '/dev/ttyUSB0, COM7 or a pseudo-terminal such as /tmp/ttyQPY',
    notSelectable: 'Not the REPL port: {{role}}',
    kind: { usb: 'USB', simulator: 'Simulator', pty: 'PTY', native: 'Serial', manual: 'Entered' },
  },
  actions: {
    copy: 'Copy',
    copied: 'Copied',
    show: 'Show',
    hide: 'Hide',
    ok: 'OK',
    cancel: 'Cancel',
    close: 'Close',
    save: 'Save',
    delete: 'Delete',
  },
  errors: { title: 'Something went wrong', code: 'Code' },
};

export const zh: typeof en = {
  appName: 'QPY Studio',
  workspace: {
    device: '设备',
    cloud: '云平台凭据',
    mqtt: 'MQTT 控制台',
  },
  workspaceHint: {
    device: '模块上的 REPL、文件与脚本',
    cloud: '把控制台上的密钥变成可用的连接',
    mqtt: '订阅、发布，查看上行与下行消息',
  },
  language: '语言',
  theme: { label: '主题', light: '浅色', dark: '深色', system: '跟随系统' },
  status: {
    backend: '后端',
    open: '已连接',
    connecting: '连接中…',
    closed: '已断开，正在重连',
    refused: '无权访问——请打开 `qpy web` 打印的完整地址（以 #token=… 结尾），每次启动都会变化',
    mode: { electron: '桌面版', web: '浏览器模式' },
  },
  ports: {
    title: '串口',
    refresh: '刷新',
    empty: '未找到串口。请插入模块（Windows 需安装移远 USB 驱动），或使用模拟器。',
    freePath: '其他端口（路径）',
    freePathPlaceholder: '/dev/ttyUSB0、COM7 或伪终端，如 /tmp/ttyQPY',
    notSelectable: '不是 REPL 口：{{role}}',
    kind: { usb: 'USB', simulator: '模拟器', pty: '伪终端', native: '串口', manual: '手动输入' },
  },
  actions: {
    copy: '复制',
    copied: '已复制',
    show: '显示',
    hide: '隐藏',
    ok: '确定',
    cancel: '取消',
    close: '关闭',
    save: '保存',
    delete: '删除',
  },
  errors: { title: '出错了', code: '错误码' },
};
