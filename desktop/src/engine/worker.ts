/** The engine in a browser Web Worker (the renderer's browser host starts it). */
import * as Comlink from 'comlink';
import { EngineCore } from './engine.js';

Comlink.expose(new EngineCore());
