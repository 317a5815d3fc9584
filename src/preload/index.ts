import { contextBridge, ipcRenderer } from 'electron'
import { IPC_MESSAGE, IPC_RESET } from '../shared/ipc-channels'
import { createBridge } from './bridge'

const { bridge, client } = createBridge((msg) => ipcRenderer.send(IPC_MESSAGE, msg))
ipcRenderer.on(IPC_MESSAGE, (_event, msg: unknown) => client.receive(msg))
// A reload starts a fresh page: the main process drops the old page's subscriptions.
ipcRenderer.send(IPC_RESET)
contextBridge.exposeInMainWorld('keytrail', bridge)
